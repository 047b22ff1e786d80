export interface Product {
  id: string;
  name: string;
  price: number;
  category: string;
  color: string;
}

export const products: Product[] = [
  { id: 'SKU-A', name: 'Widget', price: 49.99, category: 'Tools', color: '#e60023' },
  { id: 'SKU-B', name: 'Gadget', price: 30.01, category: 'Tools', color: '#0074e8' },
  { id: 'SKU-C', name: 'Ceramic mug', price: 18.5, category: 'Kitchen', color: '#2f9e44' },
  { id: 'SKU-D', name: 'Linen apron', price: 36, category: 'Kitchen', color: '#f59f00' },
];

export const findProduct = (id: string) => products.find((product) => product.id === id);

export const searchProducts = (query: string) =>
  products.filter((product) => product.name.toLowerCase().includes(query.toLowerCase()));

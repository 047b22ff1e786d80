import { CheckoutSummary } from '@/components/checkout-summary';

export default function CheckoutPage() {
  return (
    <>
      <h1>Checkout</h1>
      <CheckoutSummary />
    </>
  );
}

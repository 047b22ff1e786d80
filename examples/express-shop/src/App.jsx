import { PinterestTag } from '@pinbridge/react';
import { Link, Route, Routes, useLocation } from 'react-router';
import { ConsentBanner } from './ConsentBanner.jsx';
import { useCart } from './cart.js';
import { consentRule } from './consent-rule.js';
import { Checkout } from './pages/Checkout.jsx';
import { Home } from './pages/Home.jsx';
import { NotFound } from './pages/NotFound.jsx';
import { OrderConfirmed } from './pages/OrderConfirmed.jsx';
import { ProductPage } from './pages/ProductPage.jsx';
import { endpoint, tagId, tagSrc } from './pinterest-config.js';

export function App() {
  const location = useLocation();
  const count = useCart().reduce((sum, line) => sum + line.quantity, 0);
  return (
    <>
      <header>
        <Link to="/" className="brand">
          Fieldhouse
        </Link>
        <nav>
          <Link to="/checkout" data-testid="cart-link">
            Cart{count > 0 && ` (${count})`}
          </Link>
        </nav>
      </header>
      <main>
        <Routes>
          <Route index element={<Home />} />
          <Route path="products/:id" element={<ProductPage />} />
          <Route path="checkout" element={<Checkout />} />
          <Route path="orders/:id" element={<OrderConfirmed />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </main>
      <ConsentBanner />
      {/* Once, at the root: each change of `page` is a page view, from the tag and the server. */}
      <PinterestTag
        tagId={tagId}
        src={tagSrc}
        endpoint={endpoint}
        page={location.pathname + location.search}
        {...consentRule}
      />
    </>
  );
}

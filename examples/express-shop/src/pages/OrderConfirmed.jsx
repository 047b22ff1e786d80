import { Link, useParams } from 'react-router';

export function OrderConfirmed() {
  const { id } = useParams();
  return (
    <>
      <h1>Thank you!</h1>
      <p>
        Your payment went through. Order <strong data-testid="order-id">{id}</strong> ships soon;
        the receipt is on its way to your inbox.
      </p>
      <Link to="/">Keep shopping</Link>
    </>
  );
}

export default async function ThankYou({
  searchParams,
}: {
  searchParams: Promise<{ order?: string }>;
}) {
  const { order } = await searchParams;
  return (
    <>
      <h1>Thank you!</h1>
      <p data-testid="order-id">Order {order}</p>
    </>
  );
}

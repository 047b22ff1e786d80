import { Link } from 'react-router';

export function NotFound() {
  return (
    <>
      <h1>Not found</h1>
      <p>
        That page is not here. <Link to="/">Back to the shop</Link>
      </p>
    </>
  );
}

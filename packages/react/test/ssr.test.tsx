// @vitest-environment node
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { PinterestTag, usePinterestTrack } from '../src/index.js';

function AddToCart() {
  const track = usePinterestTrack();
  return (
    <button type="button" onClick={() => track('add_to_cart')}>
      Add
    </button>
  );
}

describe('server rendering', () => {
  it('renders the tag to nothing without touching window or document', () => {
    expect(typeof window).toBe('undefined');
    expect(renderToString(<PinterestTag tagId="1" page="/" requireConsent />)).toBe('');
  });

  it('renders a component using the hook', () => {
    expect(renderToString(<AddToCart />)).toBe('<button type="button">Add</button>');
  });
});

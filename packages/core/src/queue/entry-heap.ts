/** What an {@link EntryHeap} needs of its items: a slot for their position, so removal is O(log n). */
export interface HeapItem {
  /** Position in the heap holding the item; -1 when in none. */
  heapIndex: number;
}

/**
 * A binary min-heap that knows where each item sits, so an item can be removed or re-keyed in
 * O(log n) without a scan. An item is in at most one heap at a time (it has one `heapIndex`).
 *
 * @example
 * const heap = new EntryHeap<Entry>((a, b) => a.seq - b.seq);
 * heap.push(entry);
 * heap.pop(); // the entry with the smallest seq
 */
export class EntryHeap<T extends HeapItem> {
  readonly #items: T[] = [];

  constructor(readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.#items.length;
  }

  peek(): T | undefined {
    return this.#items[0];
  }

  push(item: T): void {
    item.heapIndex = this.#items.length;
    this.#items.push(item);
    this.#up(item.heapIndex);
  }

  pop(): T | undefined {
    const top = this.#items[0];
    if (top) this.remove(top);
    return top;
  }

  remove(item: T): void {
    const index = item.heapIndex;
    const last = this.#items.pop() as T;
    item.heapIndex = -1;
    if (last === item) return;
    this.#items[index] = last;
    last.heapIndex = index;
    this.#down(index);
    this.#up(last.heapIndex);
  }

  #up(start: number): void {
    const items = this.#items;
    let index = start;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (this.compare(items[index], items[parent]) >= 0) break;
      this.#swap(index, parent);
      index = parent;
    }
  }

  #down(start: number): void {
    const items = this.#items;
    let index = start;
    while (true) {
      const left = 2 * index + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child =
        right < items.length && this.compare(items[right], items[left]) < 0 ? right : left;
      if (this.compare(items[child], items[index]) >= 0) break;
      this.#swap(index, child);
      index = child;
    }
  }

  #swap(a: number, b: number): void {
    const items = this.#items;
    const item = items[a];
    items[a] = items[b];
    items[b] = item;
    items[a].heapIndex = a;
    items[b].heapIndex = b;
  }
}

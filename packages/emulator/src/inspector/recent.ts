/**
 * The last `capacity` items pushed, oldest first: a ring, so a long load test neither grows it
 * nor pays more than one slot write per item.
 *
 * @example
 * const recent = new Recent<number>(2);
 * recent.push(1); recent.push(2); recent.push(3);
 * recent.items(); // [2, 3]
 */
export class Recent<T> {
  private slots: T[] = [];
  private next = 0;

  constructor(private readonly capacity: number) {}

  push(item: T): void {
    if (this.slots.length < this.capacity) this.slots.push(item);
    else this.slots[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
  }

  items(): T[] {
    if (this.slots.length < this.capacity) return [...this.slots];
    return [...this.slots.slice(this.next), ...this.slots.slice(0, this.next)];
  }

  clear(): void {
    this.slots = [];
    this.next = 0;
  }
}

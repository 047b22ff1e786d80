import type { Received, ReceivedEvent, RequestRecord, TagCall } from './types.js';

type Lists = Pick<Received, 'events' | 'requests' | 'tag'>;

/**
 * What the emulator received, bounded: past `limit` entries per list, new ones are counted and
 * discarded, so a long load test cannot exhaust memory.
 */
export class Store {
  private lists: Lists = { events: [], requests: [], tag: [] };
  private discarded = { events: 0, requests: 0, tag: 0 };

  constructor(private readonly limit: number) {}

  addEvents(events: readonly ReceivedEvent[]): void {
    this.add('events', events);
  }

  addRequest(request: RequestRecord): void {
    this.add('requests', [request]);
  }

  addTagCall(call: TagCall): void {
    this.add('tag', [call]);
  }

  /** Copies, so that later arrivals do not change what a caller holds. */
  snapshot(): Received {
    return {
      events: [...this.lists.events],
      requests: [...this.lists.requests],
      tag: [...this.lists.tag],
      discarded: { ...this.discarded },
    };
  }

  clear(): void {
    this.lists = { events: [], requests: [], tag: [] };
    this.discarded = { events: 0, requests: 0, tag: 0 };
  }

  private add<K extends keyof Lists>(kind: K, items: readonly Lists[K][number][]): void {
    const list = this.lists[kind] as Lists[K][number][];
    const room = Math.max(0, this.limit - list.length);
    for (const item of items.slice(0, room)) list.push(item);
    this.discarded[kind] += Math.max(0, items.length - room);
  }
}

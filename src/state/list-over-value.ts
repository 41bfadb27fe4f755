import type { ListState, ValueState } from './state.ts';

/** A list state kept as one value per key (the whole list), as the built-in backends store lists. */
export class ListStateOverValue<T> implements ListState<T> {
  constructor(private readonly cells: ValueState<T[]>) {}
  get(): readonly T[] {
    return this.cells.value() ?? [];
  }
  add(value: T): void {
    const list = this.cells.value();
    if (list === null) this.cells.update([value]);
    else {
      list.push(value);
      this.cells.update(list);
    }
  }
  update(values: readonly T[]): void {
    if (values.length === 0) this.cells.clear();
    else this.cells.update([...values]);
  }
  clear(): void {
    this.cells.clear();
  }
}

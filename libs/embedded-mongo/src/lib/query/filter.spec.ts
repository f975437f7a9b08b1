import { ObjectId } from 'bson';
import { compileFilter } from './filter';

describe('compileFilter', () => {
  it('reports an invalid filter on validate, before any document is read', () => {
    for (const bad of [
      { a: { $bogus: 1 } },
      { $and: 1 },
      { a: { $lt: 1, $bogus: 1 } },
      { a: { $in: [1], $bogus: 1 } },
    ]) {
      expect(() => compileFilter(bad).validate()).toThrow();
    }
  });

  it('knows field-to-scalar comparisons valid without compiling them, and still matches with them', () => {
    const id = new ObjectId();
    const filter = compileFilter({
      _id: id,
      deliveredAt: null,
      n: { $gte: 2, $lt: 5 },
      tag: { $in: ['x', 'y'] },
    });
    expect(() => filter.validate()).not.toThrow();
    expect(filter.test({ _id: id, deliveredAt: null, n: 3, tag: 'y' })).toBe(true);
    expect(filter.test({ _id: id, deliveredAt: null, n: 5, tag: 'y' })).toBe(false);
    expect(filter.test({ _id: id, n: 3, tag: 'z' })).toBe(false);
  });
});

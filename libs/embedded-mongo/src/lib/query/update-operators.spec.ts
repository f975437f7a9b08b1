import { updateOne } from './mingo';
import { appliesDirectly, applyDirectly } from './update-operators';

describe('update operators applied directly', () => {
  it('takes only plain-path updates of operators that need no condition, filter or clock', () => {
    expect(appliesDirectly({ $set: { a: 1, 'b.c': 2 }, $inc: { n: 1 }, $unset: { x: '' } }, undefined)).toBe(
      true,
    );
    expect(appliesDirectly({ $max: { at: 1 }, $min: { lo: 0 }, $mul: { m: 2 } }, [])).toBe(true);
    expect(appliesDirectly({ $set: { 'a.$': 1 } }, undefined)).toBe(false);
    expect(appliesDirectly({ $set: { 'a.$[]': 1 } }, undefined)).toBe(false);
    expect(appliesDirectly({ $set: { 'a.$[i].b': 1 } }, [{ 'i.b': 1 }])).toBe(false);
    expect(appliesDirectly({ $set: { a: 1 } }, [{ 'i.b': 1 }])).toBe(false);
    expect(appliesDirectly({ $pull: { a: { $gt: 1 } } }, undefined)).toBe(false);
    expect(appliesDirectly({ $currentDate: { at: true } }, undefined)).toBe(false);
    expect(appliesDirectly({ $push: { a: 1 } }, undefined)).toBe(false);
  });

  it('gives the document mingo’s updater gives', () => {
    const cases = [
      { $set: { a: 1, 'b.c': 'x', 'd.0': true }, $inc: { n: 2, 'deep.count': 1 } },
      { $unset: { gone: '', 'b.y': 1 }, $mul: { m: 3 }, $min: { lo: -1 }, $max: { hi: 99 } },
      { $set: { lastMessage: { text: 'hi', at: new Date(5) } }, $inc: { unreadCount: 1 } },
      { $max: { hi: 1 }, $min: { lo: 10 } },
    ];
    for (const update of cases) {
      const base = () => ({ _id: 1, n: 1, m: 2, lo: 0, hi: 3, gone: 1, b: { y: 1 }, d: [false], deep: {} });
      const direct = base();
      applyDirectly(direct, update);
      const docs = [base()];
      updateOne(docs, {}, update as never, {}, { useStrictMode: true, scriptEnabled: false } as never);
      expect(direct).toEqual(docs[0]);
    }
  });

  it('refuses two operators on one path, or on a path and its parent, before changing anything', () => {
    for (const update of [
      { $set: { a: 1 }, $inc: { a: 1 } },
      { $set: { a: { b: 1 } }, $unset: { 'a.b': '' } },
      { $inc: { 'x.y.z': 1 }, $set: { 'x.y': 2 } },
    ]) {
      const doc = { _id: 1, a: { b: 0 }, x: { y: { z: 0 } } };
      expect(() => applyDirectly(doc, update)).toThrow(/would create a conflict/);
      expect(doc).toEqual({ _id: 1, a: { b: 0 }, x: { y: { z: 0 } } });
    }
    const sibling = { _id: 1, a: 0, ab: 0 };
    applyDirectly(sibling, { $set: { a: 1 }, $inc: { ab: 1, 'a-b': 1 } });
    expect(sibling).toEqual({ _id: 1, a: 1, ab: 1, 'a-b': 1 });
  });

  it('leaves _id alone as mingo does', () => {
    expect(() => applyDirectly({ _id: 1 }, { $set: { _id: 2 } })).toThrow();
  });
});

/**
 * The mingo modules the engine uses. mingo publishes its building blocks as package "exports"
 * subpaths, which Node, Jest and bundlers resolve at run time but which the workspace's TypeScript
 * module resolution (node10) cannot see; so the modules are required here and typed with the types of
 * mingo's main entry. Everything else imports mingo through this file.
 */
import type * as MingoMain from 'mingo';

type Operators = Record<string, unknown>;

export interface LazyIterator {
  next(): { value?: unknown; done: boolean };
  collect(): unknown[];
}

export const { Query } = require('mingo/query') as { Query: typeof MingoMain.Query };
export const { Aggregator } = require('mingo/aggregator') as { Aggregator: typeof MingoMain.Aggregator };
export const { updateOne } = require('mingo/updater') as { updateOne: typeof MingoMain.updateOne };
export const { Context } = require('mingo/core') as { Context: typeof MingoMain.Context };
export const { Lazy } = require('mingo/lazy') as { Lazy: (source: Iterable<unknown>) => LazyIterator };
export const { resolve } = require('mingo/util') as {
  resolve: (obj: Record<string, unknown>, selector: string) => unknown;
};
export const accumulatorOperators = require('mingo/operators/accumulator') as Operators;
export const expressionOperators = require('mingo/operators/expression') as Operators;
export const pipelineOperators = require('mingo/operators/pipeline') as Operators;
export const projectionOperators = require('mingo/operators/projection') as Operators;
export const queryOperators = require('mingo/operators/query') as Operators;
export const windowOperators = require('mingo/operators/window') as Operators;
/** mingo's standalone update operators: `$set(spec)` returns a function that updates a document in place. */
export const updateOperators = require('mingo/operators/update') as Record<
  string,
  (spec: unknown) => (doc: Record<string, unknown>) => string[]
>;

export type Query = MingoMain.Query;
export type Aggregator = MingoMain.Aggregator;

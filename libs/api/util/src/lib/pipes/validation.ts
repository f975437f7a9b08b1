import { ArgumentMetadata, ValidationError, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import { AckException } from '../errors/ack.exception';

/** Deeper than any request or event of the contract needs (theirs are one or two levels). */
export const MAX_PAYLOAD_DEPTH = 32;

/** Keys that reach an object's prototype; class-transformer drops them silently, so they are refused first. */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Why a raw payload is refused before it is transformed, or `null`: nested more than `maxDepth` levels (whose
 * recursive transformation would exhaust the stack) or carrying a prototype key at any depth. Walks iteratively,
 * so no payload can exhaust the stack here either.
 */
export function payloadShapeProblem(value: unknown, maxDepth = MAX_PAYLOAD_DEPTH): ValidationError | null {
  const pending: { node: unknown; depth: number; property: string }[] = [
    { node: value, depth: 0, property: '' },
  ];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { node, depth, property } = next;
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= maxDepth) {
      return refusal(property, 'maxDepth', `the payload is nested more than ${maxDepth} levels deep`);
    }
    for (const key of Object.keys(node)) {
      if (PROTOTYPE_KEYS.has(key)) return refusal(key, 'forbiddenKey', `property ${key} should not exist`);
      pending.push({
        node: (node as Record<string, unknown>)[key],
        depth: depth + 1,
        property: property || key,
      });
    }
  }
  return null;
}

function refusal(property: string, name: string, message: string): ValidationError {
  return { property: property || 'payload', constraints: { [name]: message }, children: [] };
}

/** `ValidationPipe` that first refuses payloads of a shape no DTO can describe (`payloadShapeProblem`). */
class ContractValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const problem = payloadShapeProblem(value);
      if (problem) throw this.exceptionFactory([problem]);
    }
    return super.transform(value, metadata);
  }
}

/**
 * The one set of validation rules for REST bodies, queries and socket payloads: unknown properties are refused
 * (never silently dropped), values are converted to the DTO's types, and nothing of the input is echoed back.
 */
export const VALIDATION_OPTIONS: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  transform: true,
  validationError: { target: false, value: false },
};

/** Every constraint message of a tree of validation errors, nested properties included. */
export function validationMessages(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {});
    const messages = own.length && parent ? own.map((m) => `${path}: ${m}`) : own;
    return [...messages, ...validationMessages(error.children ?? [], path)];
  });
}

/** The global HTTP pipe (400 with the list of problems). */
export function createHttpValidationPipe(): ValidationPipe {
  return new ContractValidationPipe(VALIDATION_OPTIONS);
}

/** The gateway's pipe: same rules, but a refused payload becomes a `VALIDATION` ack instead of an HTTP 400. */
export function createWsValidationPipe(): ValidationPipe {
  return new ContractValidationPipe({
    ...VALIDATION_OPTIONS,
    exceptionFactory: (errors: ValidationError[]) => {
      const messages = validationMessages(errors);
      return new AckException('VALIDATION', messages.length ? messages.join('; ') : 'invalid payload');
    },
  });
}

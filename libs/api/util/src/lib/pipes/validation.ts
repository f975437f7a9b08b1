import { ValidationError, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import { AckException } from '../errors/ack.exception';

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
  return new ValidationPipe(VALIDATION_OPTIONS);
}

/** The gateway's pipe: same rules, but a refused payload becomes a `VALIDATION` ack instead of an HTTP 400. */
export function createWsValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...VALIDATION_OPTIONS,
    exceptionFactory: (errors: ValidationError[]) => {
      const messages = validationMessages(errors);
      return new AckException('VALIDATION', messages.length ? messages.join('; ') : 'invalid payload');
    },
  });
}

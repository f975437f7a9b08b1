import { ValidationOptions, registerDecorator, ValidationArguments } from 'class-validator';
import { LIMITS, passwordProblem, usernameProblem, utf8ByteLength } from '@chat/shared/contracts';

type Problem = (value: string, property: string) => string | null;

/** A class-validator decorator whose rule is a contract function (`value => problem | null`). */
function fromContract(name: string, problem: Problem, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown, args?: ValidationArguments) =>
          typeof value === 'string' && problem(value, args?.property ?? '') === null,
        defaultMessage: (args?: ValidationArguments) =>
          typeof args?.value === 'string'
            ? (problem(args.value, args.property) ?? `${args.property} is invalid`)
            : `${args?.property ?? 'value'} must be a string`,
      },
    });
  };
}

/** A username acceptable under the contract (checked on its normalised form). */
export const IsUsername = (options?: ValidationOptions) =>
  fromContract('isUsername', usernameProblem, options);

/** A password acceptable under the contract: 8 to 72 bytes in UTF-8, never cut. */
export const IsPassword = (options?: ValidationOptions) =>
  fromContract('isPassword', passwordProblem, options);

/** A non-empty string of at most `max` UTF-8 bytes (bcrypt's limit for passwords at login). */
export const IsStringOfMaxBytes = (max: number = LIMITS.passwordMaxBytes, options?: ValidationOptions) =>
  fromContract(
    'isStringOfMaxBytes',
    (value, property) =>
      value.length === 0
        ? `${property} must not be empty`
        : utf8ByteLength(value) > max
          ? `${property} must be at most ${max} bytes in UTF-8`
          : null,
    options,
  );

// AppError: the one error type that crosses layers; a closed set of kinds maps to HTTP in one place.
export const errorKinds = [
  'invalid_input',
  'not_found',
  'conflict',
  'forbidden',
  'unauthorized',
  'unavailable',
  'internal',
] as const;
export type ErrorKind = (typeof errorKinds)[number];

export class AppError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly details: unknown;
  constructor(kind: ErrorKind, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.kind = kind;
    this.code = code;
    this.details = details;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

export const invalidInput = (code: string, message: string, details?: unknown) =>
  new AppError('invalid_input', code, message, details);
export const notFound = (code: string, message: string, details?: unknown) =>
  new AppError('not_found', code, message, details);
export const conflict = (code: string, message: string, details?: unknown) =>
  new AppError('conflict', code, message, details);

import * as z from '../zod';

/**
 * An optional field of a record read back from persistence. Values cross the engine's msgpack channel,
 * which turns `undefined` into `null`: read either as absent, so a record read back equals the one written.
 */
export const optional = <T extends z.ZodMiniType>(schema: T) => z.optional(z.pipe(z.nullable(schema), z.transform((v): z.output<T> | undefined => v ?? undefined)));

import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'isPublic';

/** Opens a route to requests without an access token (the global JWT guard lets them through). */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);

import { bootstrap } from '@chat/api/shell';

void bootstrap();

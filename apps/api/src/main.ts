import { ROLES } from '@contracts';
console.log(ROLES);

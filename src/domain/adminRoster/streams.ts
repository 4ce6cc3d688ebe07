/** One stream holds the current ADMINs of the whole service: the write-side source of truth for "the last ADMIN". */
export const adminRosterStream = 'adminroster-global';

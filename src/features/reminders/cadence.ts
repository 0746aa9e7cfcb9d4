/** Days between reminders to a municipality whose participation has not moved. */
export const PARTICIPATION_EVERY_DAYS = 14;
/** Days a need waits for its contact person before a reminder. */
export const NEED_WAITING_DAYS = 10;

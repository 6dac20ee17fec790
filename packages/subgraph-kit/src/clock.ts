/** Today's calendar date in Việt Nam (UTC+7), ISO YYYY-MM-DD: the date the province's offices work to. */
export function todayInVietnam(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

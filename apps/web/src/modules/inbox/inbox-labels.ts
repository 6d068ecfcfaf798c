/** "45 minutes", "3 hours 5 minutes", "2 days 4 hours": how long something took. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) {
    return '';
  }
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    const rest = minutes % 60;
    return rest > 0 ? `${plural(hours, 'hour')} ${plural(rest, 'minute')}` : plural(hours, 'hour');
  }
  const days = Math.floor(hours / 24);
  const restHours = hours % 24;
  return restHours > 0
    ? `${plural(days, 'day')} ${plural(restHours, 'hour')}`
    : plural(days, 'day');
}

/** How long ago something happened, from `now`: "just now", "5 minutes", "2 days". */
export function formatAge(iso: string, now: number): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '';
  const seconds = Math.max(0, (now - at) / 1000);
  if (seconds < 60) return 'just now';
  return `${formatDuration(seconds)} ago`;
}

/** The path of a conversation in the inbox. */
export function threadPath(id: string): string {
  return `/inbox/${encodeURIComponent(id)}`;
}

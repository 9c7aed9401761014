/**
 * Silence is a signal: a source that delivered every few minutes and then stops looks exactly like a
 * trail deleted or redirected. Its usual interval is learnt from when its last objects were processed.
 */

/** Objects processed closer together than this part of the poll interval came in one listing: one delivery. */
const SAME_DELIVERY = 0.5;
/** Fewer deliveries than this say nothing about a rhythm. */
export const MIN_DELIVERIES = 6;
/** A source that delivers less often than this is not "every few minutes": its quiet hours are normal. */
export const MAX_USUAL_INTERVAL_MS = 60 * 60_000;

export type SourceActivity = {
  pollIntervalSeconds: number;
  /** When its latest objects were processed, epoch ms, any order. */
  processedAt: readonly number[];
};

export type Silence = { usualIntervalMs: number; lastObjectAt: number; silentForMs: number };

/** The median time between deliveries, or null when the source has no rhythm of a few minutes. */
export function usualInterval(activity: SourceActivity): number | null {
  const times = [...activity.processedAt].sort((a, b) => a - b);
  const pollMs = activity.pollIntervalSeconds * 1000;
  const starts: number[] = [];
  for (let i = 0; i < times.length; i++) {
    if (i === 0 || times[i] - times[i - 1] >= pollMs * SAME_DELIVERY) starts.push(times[i]);
  }
  if (starts.length < MIN_DELIVERIES) return null;
  const gaps = starts.slice(1).map((time, i) => time - starts[i]);
  gaps.sort((a, b) => a - b);
  const median = gaps[Math.floor(gaps.length / 2)];
  // A source is never expected sooner than it is polled.
  const usual = Math.max(median, pollMs);
  return usual <= MAX_USUAL_INTERVAL_MS ? usual : null;
}

/** The silence of a source with a rhythm that has delivered nothing for `multiple` usual intervals. */
export function silenceOf(activity: SourceActivity, now: number, multiple: number): Silence | null {
  const usual = usualInterval(activity);
  if (usual === null) return null;
  const lastObjectAt = Math.max(...activity.processedAt);
  const silentForMs = now - lastObjectAt;
  return silentForMs > usual * multiple ? { usualIntervalMs: usual, lastObjectAt, silentForMs } : null;
}

/** "5 min", "2 h 10 min", "3 d 4 h": what the findings say. */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${Math.max(minutes, 1)} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

import { bandLabel, bandOf } from "./severity";

export function SeverityBadge({ severity }: { severity: number }) {
  const band = bandOf(severity);
  return (
    <span className={`severity severity-${band.toLowerCase()}`} title={`Severity ${severity.toFixed(1)}`}>
      {bandLabel(band)} <span className="severity-score">{severity.toFixed(1)}</span>
    </span>
  );
}

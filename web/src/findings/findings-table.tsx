import { memo } from "react";
import type { Finding } from "../api/findings";
import { resourceName } from "./finding-summary";
import { SeverityBadge } from "./severity-badge";

export type LiveMark = "new" | "updated";

type Props = {
  findings: Finding[];
  marks: ReadonlyMap<string, LiveMark>;
  selected: ReadonlySet<string>;
  /** Stable callbacks (the page's), so a row re-renders only when its own finding, mark or selection changes. */
  onToggle(findingId: string): void;
  onToggleAll(findingIds: string[], select: boolean): void;
  onOpen(finding: Finding): void;
};

type RowProps = { finding: Finding; mark: LiveMark | undefined; isSelected: boolean; onToggle(findingId: string): void; onOpen(finding: Finding): void };

const FindingRow = memo(function FindingRow({ finding, mark, isSelected, onToggle, onOpen }: RowProps) {
  return (
    <tr data-finding-id={finding.id} className={mark ? `marked ${mark}` : undefined}>
      <td>
        <input type="checkbox" aria-label={`Select ${finding.title}`} checked={isSelected} onChange={() => onToggle(finding.id)} />
      </td>
      <td>
        <SeverityBadge severity={finding.severity} />
      </td>
      <td>
        <button type="button" className="link-button" onClick={() => onOpen(finding)}>
          {finding.title}
        </button>
        <div className="finding-type">{finding.type}</div>
        {mark && <span className={`live-mark ${mark}`}>{mark === "new" ? "New" : "Updated"}</span>}
        {finding.archived && <span className="archived-mark">Archived</span>}
      </td>
      <td>{resourceName(finding)}</td>
      <td>{finding.accountId}</td>
      <td>{finding.count}</td>
      <td>{new Date(finding.updatedAt).toLocaleString()}</td>
    </tr>
  );
});

export function FindingsTable({ findings, marks, selected, onToggle, onToggleAll, onOpen }: Props) {
  if (findings.length === 0) return <p role="status">No findings match.</p>;
  const allSelected = findings.every((f) => selected.has(f.id));
  return (
    <table className="findings">
      <thead>
        <tr>
          <th scope="col">
            <input
              type="checkbox"
              aria-label="Select all findings on this page"
              checked={allSelected}
              onChange={() => onToggleAll(findings.map((f) => f.id), !allSelected)}
            />
          </th>
          <th scope="col">Severity</th>
          <th scope="col">Finding</th>
          <th scope="col">Resource</th>
          <th scope="col">Account</th>
          <th scope="col">Count</th>
          <th scope="col">Last seen</th>
        </tr>
      </thead>
      <tbody>
        {findings.map((finding) => (
          <FindingRow key={finding.id} finding={finding} mark={marks.get(finding.id)} isSelected={selected.has(finding.id)} onToggle={onToggle} onOpen={onOpen} />
        ))}
      </tbody>
    </table>
  );
}

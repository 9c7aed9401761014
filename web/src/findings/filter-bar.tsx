import { useState, type FormEvent } from "react";
import { bandLabel, SEVERITY_BANDS, type SeverityBand } from "./severity";
import type { ArchivedChoice, FindingFilter } from "./filter";

const SORTABLE = [
  ["updatedAt", "Last seen"],
  ["createdAt", "Created"],
  ["severity", "Severity"],
  ["type", "Type"],
  ["count", "Count"],
] as const;

const TIME_WINDOWS = [
  [0, "Any time"],
  [24, "Last 24 hours"],
  [24 * 7, "Last 7 days"],
  [24 * 30, "Last 30 days"],
] as const;

type Props = { filter: FindingFilter; onChange(filter: FindingFilter): void };

/** Selects apply at once; the text fields apply on Enter or "Apply", so each keystroke is not a query. */
export function FilterBar({ filter, onChange }: Props) {
  const [type, setType] = useState(filter.type);
  const [accountId, setAccountId] = useState(filter.accountId);
  const applyText = (event: FormEvent) => {
    event.preventDefault();
    onChange({ ...filter, type, accountId });
  };
  return (
    <form className="filter-bar" onSubmit={applyText} aria-label="Filter findings">
      <label>
        Severity
        <select value={filter.severity} onChange={(e) => onChange({ ...filter, severity: e.target.value as SeverityBand | "" })}>
          <option value="">All</option>
          {SEVERITY_BANDS.map((band) => (
            <option key={band} value={band}>
              {bandLabel(band)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Type
        <input value={type} placeholder="e.g. Recon:*" onChange={(e) => setType(e.target.value)} />
      </label>
      <label>
        Account
        <input value={accountId} inputMode="numeric" placeholder="12-digit id" onChange={(e) => setAccountId(e.target.value)} />
      </label>
      <label>
        Status
        <select value={filter.archived} onChange={(e) => onChange({ ...filter, archived: e.target.value as ArchivedChoice })}>
          <option value="current">Current</option>
          <option value="archived">Archived</option>
          <option value="all">All</option>
        </select>
      </label>
      <label>
        Updated
        <select value={filter.updatedWithinHours} onChange={(e) => onChange({ ...filter, updatedWithinHours: Number(e.target.value) })}>
          {TIME_WINDOWS.map(([hours, label]) => (
            <option key={hours} value={hours}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Sort by
        <select value={filter.sort.attributeName} onChange={(e) => onChange({ ...filter, sort: { ...filter.sort, attributeName: e.target.value } })}>
          {SORTABLE.map(([attribute, label]) => (
            <option key={attribute} value={attribute}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Order
        <select value={filter.sort.orderBy} onChange={(e) => onChange({ ...filter, sort: { ...filter.sort, orderBy: e.target.value as "ASC" | "DESC" } })}>
          <option value="DESC">Descending</option>
          <option value="ASC">Ascending</option>
        </select>
      </label>
      <button type="submit">Apply</button>
    </form>
  );
}

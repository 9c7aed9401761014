import { useId, useState, type FormEvent, type ReactNode } from "react";
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

/** A label beside (not around) its control, so the control's name is the label alone. */
function Field({ label, children }: { label: string; children(id: string): ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}

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
      <Field label="Severity">
        {(id) => (
          <select id={id} value={filter.severity} onChange={(e) => onChange({ ...filter, severity: e.target.value as SeverityBand | "" })}>
            <option value="">All</option>
            {SEVERITY_BANDS.map((band) => (
              <option key={band} value={band}>
                {bandLabel(band)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Type">
        {(id) => (
          <input id={id} value={type} placeholder="e.g. Recon:*" onChange={(e) => setType(e.target.value)} />
        )}
      </Field>
      <Field label="Account">
        {(id) => (
          <input id={id} value={accountId} inputMode="numeric" placeholder="12-digit id" onChange={(e) => setAccountId(e.target.value)} />
        )}
      </Field>
      <Field label="Status">
        {(id) => (
          <select id={id} value={filter.archived} onChange={(e) => onChange({ ...filter, archived: e.target.value as ArchivedChoice })}>
            <option value="current">Current</option>
            <option value="archived">Archived</option>
            <option value="all">All</option>
          </select>
        )}
      </Field>
      <Field label="Updated">
        {(id) => (
          <select id={id} value={filter.updatedWithinHours} onChange={(e) => onChange({ ...filter, updatedWithinHours: Number(e.target.value) })}>
            {TIME_WINDOWS.map(([hours, label]) => (
              <option key={hours} value={hours}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Sort by">
        {(id) => (
          <select id={id} value={filter.sort.attributeName} onChange={(e) => onChange({ ...filter, sort: { ...filter.sort, attributeName: e.target.value } })}>
            {SORTABLE.map(([attribute, label]) => (
              <option key={attribute} value={attribute}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Order">
        {(id) => (
          <select id={id} value={filter.sort.orderBy} onChange={(e) => onChange({ ...filter, sort: { ...filter.sort, orderBy: e.target.value as "ASC" | "DESC" } })}>
            <option value="DESC">Descending</option>
            <option value="ASC">Ascending</option>
          </select>
        )}
      </Field>
      <button type="submit">Apply</button>
    </form>
  );
}

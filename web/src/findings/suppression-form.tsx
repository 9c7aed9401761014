import { useState, type FormEvent } from "react";
import { createSuppressionRule } from "../api/findings";
import { SessionExpiredError, type Request } from "../api/graphql-client";
import { toRuleCriteria, type FindingFilter } from "./filter";

type Props = { request: Request; detectorId: string; filter: FindingFilter };

/** Saves the filter's severity, type and account as an ARCHIVE filter; archive state and time do not describe new findings. */
export function SuppressionForm({ request, detectorId, filter }: Props) {
  const [name, setName] = useState("");
  const [status, setStatus] = useState<string | null>(null);
  const criteria = toRuleCriteria(filter);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await createSuppressionRule(request, detectorId, name.trim(), criteria);
      setStatus(`Suppression rule ${name.trim()} saved: new matching findings are archived as they arrive.`);
      setName("");
    } catch (failure) {
      if (!(failure instanceof SessionExpiredError)) setStatus(`Not saved: ${(failure as Error).message}`);
    }
  };
  return (
    <form className="suppression-form" onSubmit={save} aria-label="Save as suppression rule">
      <label htmlFor="rule-name">Suppression rule name</label>
      <input id="rule-name" required pattern="[A-Za-z0-9._\-]{3,64}" value={name} onChange={(e) => setName(e.target.value)} />
      {/* A rule without criteria would archive every new finding. */}
      <button type="submit" disabled={criteria.criterion.length === 0}>
        Save filter as suppression rule
      </button>
      {status && <span role="status">{status}</span>}
    </form>
  );
}

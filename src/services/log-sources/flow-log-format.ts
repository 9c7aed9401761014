import { headerFields, parseFormatString } from "../../ingest/parsers/flow-log-format.js";
import { InvalidInputError } from "../errors.js";

const MAX_FORMAT_CHARS = 2048;

/** A flow log's LogFormat (`${version} ${srcaddr} …` or plain names), kept as the header line it stands for. */
export function validateFlowLogFormat(format: string): string {
  const fields = format.length <= MAX_FORMAT_CHARS ? headerFields(parseFormatString(format).join(" ")) : undefined;
  if (!fields) throw new InvalidInputError("flowLogFormat must be a flow log format such as ${version} ${account-id} ${interface-id} ${srcaddr} …, of known field names.");
  return fields.join(" ");
}

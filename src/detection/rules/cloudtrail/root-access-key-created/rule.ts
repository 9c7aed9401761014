/**
 * Persistence:IAMUser/RootAccessKeyCreated — a successful IAM CreateAccessKey made by the root user
 * without a `userName`: the key is root's own. (Root naming an IAM user creates that user's key, which
 * is the persistence rules' "key for another user".) Root cannot be driven by infrastructure as code
 * without an existing root key, so there is no benign automation to spare; the general root-use
 * finding (Policy:IAMUser/RootCredentialUsage) is raised beside it.
 */
import type { CloudTrailRule } from "../../../engine/types.js";
import { apiCallCandidate } from "../shared/candidate.js";
import { field, succeeded, text } from "../shared/request.js";
import { ROOT_ACCESS_KEY_CREATED } from "./meta.js";

export const rootAccessKeyCreatedRule: CloudTrailRule = {
  id: "root-access-key-created",
  kind: "cloudtrail",
  findingTypes: [ROOT_ACCESS_KEY_CREATED],
  triggers: [{ eventSource: "iam.amazonaws.com", eventNames: ["CreateAccessKey"] }],
  evaluate(event, _context, emit) {
    if (event.identity.type !== "Root" || !succeeded(event) || text(field(event.requestParameters, "userName"))) return;
    const accessKey = text(field(field(event.responseElements, "accessKey"), "accessKeyId")) ?? "(not logged)";
    emit(
      apiCallCandidate(ROOT_ACCESS_KEY_CREATED, event, {
        key: [],
        affectedResources: { "AWS::IAM::AccessKey": accessKey },
        templateValues: { accessKey },
      }),
    );
  },
};

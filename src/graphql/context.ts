import type { Actor } from "../services/actor.js";
import type { Services } from "../services/index.js";

/** What every resolver receives: the authenticated caller and the services. */
export type GraphQLContext = { actor: Actor; services: Services };

#!/usr/bin/env bash
# Walks GuardDuty's invitation flow against a running Vigil with three accounts: an administrator,
# a member and an outsider, printing each relationship status.
# Usage: scripts/invitation-walkthrough.sh [URL] (default http://127.0.0.1:4000/graphql); needs curl and jq.
set -euo pipefail
URL="${1:-http://127.0.0.1:4000/graphql}"
OPERATOR="${VIGIL_OPERATOR_TOKEN:-$(cat .data/operator-token)}"
SUFFIX=$(printf '%06d' $((RANDOM * 30 + RANDOM % 30)))

gql() { # gql KEY QUERY [VARIABLES-JSON]
  curl -s "$URL" -H "Authorization: Bearer $1" -H 'content-type: application/json' \
    -d "$(jq -n --arg q "$2" --argjson v "${3:-{\}}" '{query: $q, variables: $v}')"
}
account() { # account ACCOUNT-ID NAME → API key
  gql "$OPERATOR" 'mutation($i: CreateAccountInput!) { createAccount(input: $i) { apiKey { secret } } }' \
    "{\"i\": {\"accountId\": \"$1\", \"name\": \"$2\", \"email\": \"$2@example.com\"}}" | jq -r .data.createAccount.apiKey.secret
}
detector() { gql "$1" 'mutation { createDetector(enable: true) { detectorId } }' | jq -r .data.createDetector.detectorId; }

ADMIN_ID=111${SUFFIX}111; MEMBER_ID=222${SUFFIX}222; OUTSIDER_ID=333${SUFFIX}333
ADMIN=$(account $ADMIN_ID admin); MEMBER=$(account $MEMBER_ID member); OUTSIDER=$(account $OUTSIDER_ID outsider)
ADMIN_DET=$(detector "$ADMIN"); MEMBER_DET=$(detector "$MEMBER"); OUTSIDER_DET=$(detector "$OUTSIDER")

status() { # what the administrator sees
  gql "$ADMIN" 'query($d: ID!, $m: [String!]!) { getMembers(detectorId: $d, accountIds: $m) { members { relationshipStatus } } }' \
    "{\"d\": \"$ADMIN_DET\", \"m\": [\"$MEMBER_ID\"]}" | jq -r '.data.getMembers.members[0].relationshipStatus'
}
step() { printf '%-58s %s\n' "$1" "$2"; }

gql "$ADMIN" 'mutation($d: ID!, $a: [AccountDetailInput!]!) { createMembers(detectorId: $d, accountDetails: $a) { unprocessedAccounts { result } } }' \
  "{\"d\": \"$ADMIN_DET\", \"a\": [{\"accountId\": \"$MEMBER_ID\", \"email\": \"member@example.com\"}]}" >/dev/null
step "administrator: createMembers(member)" "$(status)"

gql "$ADMIN" 'mutation($d: ID!, $m: [String!]!) { inviteMembers(detectorId: $d, accountIds: $m, message: "Join us") { unprocessedAccounts { result } } }' \
  "{\"d\": \"$ADMIN_DET\", \"m\": [\"$MEMBER_ID\"]}" >/dev/null
step "administrator: inviteMembers(member)" "$(status)"

INVITATION=$(gql "$MEMBER" '{ listInvitations { invitations { accountId invitationId } } }' | jq -r '.data.listInvitations.invitations[0].invitationId')
step "member: getInvitationsCount" "$(gql "$MEMBER" '{ getInvitationsCount }' | jq -r .data.getInvitationsCount)"
step "outsider: getInvitationsCount" "$(gql "$OUTSIDER" '{ getInvitationsCount }' | jq -r .data.getInvitationsCount)"

gql "$MEMBER" 'mutation($d: ID!, $a: String!, $i: String!) { acceptAdministratorInvitation(detectorId: $d, administratorId: $a, invitationId: $i) }' \
  "{\"d\": \"$MEMBER_DET\", \"a\": \"$ADMIN_ID\", \"i\": \"$INVITATION\"}" >/dev/null
step "member: acceptAdministratorInvitation" "$(status)"
step "member: getAdministratorAccount" "$(gql "$MEMBER" 'query($d: ID!) { getAdministratorAccount(detectorId: $d) { accountId relationshipStatus } }' "{\"d\": \"$MEMBER_DET\"}" | jq -c .data.getAdministratorAccount)"
step "administrator: getDetector(member's detector)" "$(gql "$ADMIN" 'query($d: ID!) { getDetector(detectorId: $d) { accountId status } }' "{\"d\": \"$MEMBER_DET\"}" | jq -c .data.getDetector)"
step "outsider: getDetector(member's detector)" "$(gql "$OUTSIDER" 'query($d: ID!) { getDetector(detectorId: $d) { accountId } }' "{\"d\": \"$MEMBER_DET\"}" | jq -r '.errors[0].extensions.code')"
step "outsider: createMembers(member)" "$(gql "$OUTSIDER" 'mutation($d: ID!, $a: [AccountDetailInput!]!) { createMembers(detectorId: $d, accountDetails: $a) { unprocessedAccounts { result } } }' "{\"d\": \"$OUTSIDER_DET\", \"a\": [{\"accountId\": \"$MEMBER_ID\", \"email\": \"m@example.com\"}]}" | jq -r '.data.createMembers.unprocessedAccounts[0].result')"

gql "$ADMIN" 'mutation($d: ID!, $m: [String!]!) { stopMonitoringMembers(detectorId: $d, accountIds: $m) { unprocessedAccounts { result } } }' "{\"d\": \"$ADMIN_DET\", \"m\": [\"$MEMBER_ID\"]}" >/dev/null
step "administrator: stopMonitoringMembers(member)" "$(status)"
gql "$ADMIN" 'mutation($d: ID!, $m: [String!]!) { startMonitoringMembers(detectorId: $d, accountIds: $m) { unprocessedAccounts { result } } }' "{\"d\": \"$ADMIN_DET\", \"m\": [\"$MEMBER_ID\"]}" >/dev/null
step "administrator: startMonitoringMembers(member)" "$(status)"
gql "$MEMBER" 'mutation($d: ID!) { disassociateFromAdministratorAccount(detectorId: $d) }' "{\"d\": \"$MEMBER_DET\"}" >/dev/null
step "member: disassociateFromAdministratorAccount" "$(status)"
step "administrator: auditEvents (last 3 operations)" "$(gql "$ADMIN" '{ auditEvents { events { operation } } }' | jq -c '[.data.auditEvents.events[-3:][].operation]')"

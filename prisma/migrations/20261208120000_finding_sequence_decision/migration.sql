-- An attack sequence's finding shows its story as last decided: the decision's order (the sequence
-- store's epoch and contribution number) lets a later decision replace it and an earlier one, written
-- after it by a slower worker, leave it as it is. Null for every other finding (their repeats add up).
ALTER TABLE "findings" ADD COLUMN "sequenceDecision" TEXT;

-- One round trip per commit: a commit the storage can write as one statement (a data-modifying WITH query,
-- in autocommit) checks its fencing epochs, state versions and journal steps in that same statement and calls
-- cruster_commit_check with the result. On false it raises SQLSTATE CR001, which aborts the statement, so
-- nothing of the commit is applied; the storage then writes the commit the long way (a transaction that
-- names the conflict).
CREATE OR REPLACE FUNCTION cruster_commit_check(ok boolean) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF ok IS NOT TRUE THEN
    RAISE EXCEPTION 'cruster: a check of the commit failed; nothing was applied' USING ERRCODE = 'CR001';
  END IF;
  RETURN true;
END
$$;

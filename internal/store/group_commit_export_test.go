package store

// What TestGroupCommit (package store_test) reads of the group commit.

// GroupQueued is how many write transactions wait for the writer.
func GroupQueued(db *DB) int {
	db.group.mu.Lock()
	defer db.group.mu.Unlock()
	return len(db.group.queue)
}

// GroupsRun is how many transactions the group commit has run.
func GroupsRun(db *DB) int {
	db.group.mu.Lock()
	defer db.group.mu.Unlock()
	return db.group.groups
}

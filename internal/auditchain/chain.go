// Package auditchain makes the audit trail tamper-evident. Each audit row
// carries a hash over its content and the previous row's hash, per clinic,
// computed in the same transaction as the write it records; the clinic's
// head (its latest sequence number and hash) is kept beside the trail as a
// checkpoint. Verify walks a clinic's rows in order and names the first
// one that was altered, deleted, inserted or reordered, and notices a
// truncated tail against the head — or against a head the clinic wrote
// down somewhere outside the database.
//
// SHA-256 over a fixed, unambiguous encoding of the row: the fields joined
// by the unit separator (0x1F), times in UTC to the microsecond (what both
// engines store), preceded by the previous hash. The package is pure.
package auditchain

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"onset/internal/clinic"
)

// Row is an audit entry with its place in the chain.
type Row struct {
	clinic.AuditEntry
	Seq      int64  // 1, 2, 3 … per clinic; 0 for rows written before the chain existed
	PrevHash string // the previous row's Hash; "" for Seq 1
	Hash     string
}

// Head is a clinic's latest link: the checkpoint a verification compares
// the trail's end against.
type Head struct {
	Seq  int64
	Hash string
}

// String is the head as a clinic writes it down: "SEQ:HASH".
func (h Head) String() string { return strconv.FormatInt(h.Seq, 10) + ":" + h.Hash }

// ParseHead reads "SEQ:HASH".
func ParseHead(s string) (Head, error) {
	seq, hash, ok := strings.Cut(strings.TrimSpace(s), ":")
	n, err := strconv.ParseInt(seq, 10, 64)
	if !ok || err != nil || n < 1 || len(hash) != sha256.Size*2 {
		return Head{}, fmt.Errorf("a head is written SEQ:HASH, for example 1204:%s", strings.Repeat("ab", sha256.Size))
	}
	if _, err := hex.DecodeString(hash); err != nil {
		return Head{}, fmt.Errorf("the hash of a head is %d hexadecimal digits", sha256.Size*2)
	}
	return Head{Seq: n, Hash: strings.ToLower(hash)}, nil
}

// TimeLayout is how the chain writes times: UTC, microseconds.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

// Hash is the hash of entry e at seq after prev.
func Hash(prev string, seq int64, e clinic.AuditEntry) string {
	fields := []string{
		prev,
		strconv.FormatInt(e.ClinicID, 10),
		strconv.FormatInt(seq, 10),
		e.At.UTC().Truncate(time.Microsecond).Format(TimeLayout),
		strconv.FormatInt(e.UserID, 10),
		string(e.Role),
		e.Action,
		strconv.FormatInt(e.PatientID, 10),
		e.RecordType,
		strconv.FormatInt(e.RecordID, 10),
		e.Address,
		e.RequestID,
	}
	sum := sha256.Sum256([]byte(strings.Join(fields, "\x1f")))
	return hex.EncodeToString(sum[:])
}

// Next is the row that follows head with entry e.
func Next(head Head, e clinic.AuditEntry) Row {
	seq := head.Seq + 1
	return Row{AuditEntry: e, Seq: seq, PrevHash: head.Hash, Hash: Hash(head.Hash, seq, e)}
}

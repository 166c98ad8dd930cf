package system.log_test

import data.system.log

decision := {"input": {
	"principal": {"id": "alice", "groups": ["finance"], "roles": ["viewer"]},
	"resource": {"type": "invoice", "owner": "bob"},
	"action": "read",
}}

test_who_asked_and_whose_record_are_logged_as_digests if {
	masks := log.mask with input as decision
	{"op": "upsert", "path": "/input/principal/id", "value": concat(":", ["sha256", crypto.sha256("alice")])} in masks
	{"op": "upsert", "path": "/input/resource/owner", "value": concat(":", ["sha256", crypto.sha256("bob")])} in masks
	{"op": "upsert", "path": "/input/principal/groups", "value": [concat(":", ["sha256", crypto.sha256("finance")])]} in masks
	count(masks) == 3
}

test_a_request_without_those_fields_masks_nothing if {
	masks := log.mask with input as {"input": {"action": "read"}}
	count(masks) == 0
}

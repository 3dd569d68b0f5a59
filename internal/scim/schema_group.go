package scim

const (
	groupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group"
	// entraGroupSchema is the extension URN Microsoft Entra ID lists in
	// the schemas of the groups it creates, with no attribute of its own.
	entraGroupSchema = "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"
)

// groupCoreSchema is RFC 7643 §4.2's Group as Watchword keeps it: a
// display name unique within the account (in any case) and members that
// are users of the account (groups do not nest). A member's value is the
// user's id, compared exactly.
var groupCoreSchema = &Schema{ID: groupSchema, Name: "Group", Description: "Group", Attributes: []Attribute{
	{Name: "displayName", Type: "string", Description: "The group's name, unique within the account in any case; the built-in group admin is the account's administrators and keeps its name.",
		Required: true, Mutability: "readWrite", Returned: "default", Uniqueness: "server"},
	{Name: "members", Type: "complex", MultiValued: true, Description: "The users in the group; joining or leaving admin grants or revokes administration.",
		Mutability: "readWrite", Returned: "default", Uniqueness: "none", SubAttributes: []Attribute{
			{Name: "value", Type: "string", Description: "The user's id.", CaseExact: true, Mutability: "immutable", Returned: "default", Uniqueness: "none"},
			{Name: "$ref", Type: "reference", Description: "The user's URI.", CaseExact: true, Mutability: "immutable", Returned: "default",
				Uniqueness: "none", ReferenceTypes: []string{"User"}},
			{Name: "display", Type: "string", Description: "The user's userName.", Mutability: "readOnly", Returned: "default", Uniqueness: "none"},
			{Name: "type", Type: "string", Description: "User: groups do not nest.", CanonicalValues: []string{"User"},
				Mutability: "immutable", Returned: "default", Uniqueness: "none"},
		}},
}}

// groupType is the Group resource type of /Groups. Entra ID's group
// extension URN is accepted in schemas (it carries nothing).
var groupType = &ResourceType{Name: "Group", Endpoint: "/Groups", Description: "The user groups of the caller's account",
	Schema: groupCoreSchema, Ignored: []string{entraGroupSchema}}

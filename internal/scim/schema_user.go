package scim

const (
	userSchema       = "urn:ietf:params:scim:schemas:core:2.0:User"
	ibmUserSchema    = "urn:ietf:params:scim:schemas:extension:ibm:2.0:User"
	enterpriseSchema = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
)

// str is a string attribute of the given mutability, returned by default.
func str(name, desc string, caseExact bool, mutability string) Attribute {
	return Attribute{Name: name, Type: "string", Description: desc, CaseExact: caseExact, Mutability: mutability,
		Returned: "default", Uniqueness: "none"}
}

func boolean(name, desc, mutability string) Attribute {
	return Attribute{Name: name, Type: "boolean", Description: desc, Mutability: mutability, Returned: "default", Uniqueness: "none"}
}

// multiValued is a multi-valued complex attribute of value, type and
// primary (emails, phoneNumbers), of which Watchword keeps one.
func multiValued(name, desc string, types ...string) Attribute {
	return Attribute{Name: name, Type: "complex", MultiValued: true, Description: desc, Mutability: "readWrite",
		Returned: "default", Uniqueness: "none", SubAttributes: []Attribute{
			str("value", "The value; Watchword keeps one, the primary one (else the first).", false, "readWrite"),
			{Name: "type", Type: "string", Description: "A label.", CanonicalValues: types, Mutability: "readWrite",
				Returned: "default", Uniqueness: "none"},
			boolean("primary", "The preferred value.", "readWrite"),
		}}
}

// userCoreSchema is the User schema as Watchword keeps it: the attributes
// of RFC 7643 §4.1 that a user has here. userName is caseExact because
// user names are: "alice" and "Alice" are two users.
var userCoreSchema = &Schema{ID: userSchema, Name: "User", Description: "User account", Attributes: []Attribute{
	{Name: "userName", Type: "string", Description: "The user's sign-in name, unique within the account: 1 to 128 letters, digits, '.', '_', '-', '@' or '+'.",
		Required: true, CaseExact: true, Mutability: "readWrite", Returned: "default", Uniqueness: "server"},
	str("displayName", "The name shown for the user.", false, "readWrite"),
	str("preferredLanguage", "The user's language (en, fr, fr-FR).", false, "readWrite"),
	boolean("active", "Whether the user may sign in; false also ends every session of the user.", "readWrite"),
	{Name: "password", Type: "string", Description: "Set only: held to the account's password policy.",
		CaseExact: true, Mutability: "writeOnly", Returned: "never", Uniqueness: "none"},
	multiValued("emails", "The user's email address (one).", "work", "home", "other"),
	multiValued("phoneNumbers", "The user's mobile number in international form (one).", "mobile", "work", "other"),
	{Name: "groups", Type: "complex", MultiValued: true, Description: "The groups the user is in.", Mutability: "readOnly",
		Returned: "default", Uniqueness: "none", SubAttributes: []Attribute{
			{Name: "value", Type: "string", Description: "The group's id.", CaseExact: true, Mutability: "readOnly", Returned: "default", Uniqueness: "none"},
			{Name: "$ref", Type: "reference", Description: "The group's URI.", CaseExact: true, Mutability: "readOnly", Returned: "default",
				Uniqueness: "none", ReferenceTypes: []string{"Group"}},
			{Name: "display", Type: "string", Description: "The group's displayName.", Mutability: "readOnly", Returned: "default", Uniqueness: "none"},
			{Name: "type", Type: "string", Description: "direct: groups do not nest.", CanonicalValues: []string{"direct"},
				Mutability: "readOnly", Returned: "default", Uniqueness: "none"},
		}},
}}

// ibmUserExtSchema is IBM Security Verify's user extension, as far as
// Watchword has its attributes.
var ibmUserExtSchema = &Schema{ID: ibmUserSchema, Name: "IBM user", Description: "IBM Security Verify user extension",
	Attributes: []Attribute{
		{Name: "userCategory", Type: "string", Description: "regular, or federated for a user whose password an outside identity provider manages; set at creation only.",
			CanonicalValues: []string{"regular", "federated"}, Mutability: "immutable", Returned: "default", Uniqueness: "none"},
		str("realm", "cloudIdentityRealm for a regular user, the account's name for a federated one.", false, "readOnly"),
		str("unqualifiedUserName", "The userName.", false, "readOnly"),
		boolean("twoFactorAuthentication", "Whether sign-in asks for a second factor.", "readOnly"),
		boolean("emailVerified", "Whether the email address is proven.", "readWrite"),
		boolean("pwdReset", "Whether the password must be changed at the next sign-in.", "readOnly"),
		{Name: "pwdChangedTime", Type: "dateTime", Description: "When the password was last set.", Mutability: "readOnly",
			Returned: "default", Uniqueness: "none"},
	}}

// userType is the User resource type of /Users and /Me. The attributes of
// RFC 7643's User schema that Watchword does not keep, and the enterprise
// extension, are accepted on writes and not stored, so that a connector's
// usual profile is not refused (the README lists them).
var userType = &ResourceType{Name: "User", Endpoint: "/Users", Description: "The IAM users of the caller's account",
	Schema: userCoreSchema, Extensions: []Extension{{Schema: ibmUserExtSchema}},
	Ignored: []string{"name", "nickName", "profileUrl", "title", "userType", "locale", "timezone", "addresses",
		"ims", "photos", "entitlements", "roles", "x509Certificates", enterpriseSchema, notificationSchema}}

package identity_test

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"sort"
	"strings"
	"testing"

	"github.com/watchword/watchword/internal/fault"
	"github.com/watchword/watchword/internal/identity"
	"github.com/watchword/watchword/internal/testkit"
)

// targetParams are the parameter names that name a user or an account a
// method acts on. A parameter also names a target when its type is a
// struct of this package with a field (its own or an embedded struct's)
// named UserID or UserName.
var targetParams = map[string]bool{"userID": true, "userName": true, "id": true, "accountID": true}

var targetFields = map[string]bool{"UserID": true, "UserName": true}

// targetMethods parses the package's Go source (not its tests) and returns
// "Type.Method" for every exported method of a *Service type that takes a
// target by the rule above.
func targetMethods(t *testing.T) ([]string, *ast.Package) {
	t.Helper()
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi fs.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg := pkgs["identity"]
	if pkg == nil {
		t.Fatal("no package identity in .")
	}
	structs := map[string]*ast.StructType{}
	for _, f := range pkg.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if ts, ok := n.(*ast.TypeSpec); ok {
				if st, ok := ts.Type.(*ast.StructType); ok {
					structs[ts.Name.Name] = st
				}
			}
			return true
		})
	}
	var hasTargetField func(name string, depth int) bool
	hasTargetField = func(name string, depth int) bool {
		st := structs[name]
		if st == nil || depth > 3 {
			return false
		}
		for _, fld := range st.Fields.List {
			if len(fld.Names) == 0 { // embedded
				if id, ok := fld.Type.(*ast.Ident); ok && hasTargetField(id.Name, depth+1) {
					return true
				}
			}
			for _, n := range fld.Names {
				if targetFields[n.Name] {
					return true
				}
			}
		}
		return false
	}
	typeName := func(e ast.Expr) string {
		if s, ok := e.(*ast.StarExpr); ok {
			e = s.X
		}
		if id, ok := e.(*ast.Ident); ok {
			return id.Name
		}
		return ""
	}
	var found []string
	for _, f := range pkg.Files {
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || !fn.Name.IsExported() {
				continue
			}
			recv := typeName(fn.Recv.List[0].Type)
			if !strings.HasSuffix(recv, "Service") {
				continue
			}
			for _, prm := range fn.Type.Params.List {
				takes := hasTargetField(typeName(prm.Type), 0)
				for _, n := range prm.Names {
					takes = takes || targetParams[n.Name]
				}
				if takes {
					found = append(found, recv+"."+fn.Name.Name)
					break
				}
			}
		}
	}
	sort.Strings(found)
	return found, pkg
}

// gates are the functions of authorize.go that hand out targets.
var gates = map[string]bool{"actOn": true, "actOnName": true, "actOnAccount": true}

// reachesGate returns, for every function and method of pkg ("Name" or
// "Type.Name"), whether its body calls a gate, directly or through other
// functions of the package. Calls are matched by name only, which can only
// err towards reaching.
func reachesGate(pkg *ast.Package) map[string]bool {
	calls := map[string][]string{}  // "Type.Name" or "Name" -> called names
	byName := map[string][]string{} // "Name" -> keys of functions so named
	for _, f := range pkg.Files {
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			key := fn.Name.Name
			if fn.Recv != nil {
				e := fn.Recv.List[0].Type
				if st, ok := e.(*ast.StarExpr); ok {
					e = st.X
				}
				if id, ok := e.(*ast.Ident); ok {
					key = id.Name + "." + key
				}
			}
			byName[fn.Name.Name] = append(byName[fn.Name.Name], key)
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					switch fun := call.Fun.(type) {
					case *ast.SelectorExpr:
						calls[key] = append(calls[key], fun.Sel.Name)
					case *ast.Ident:
						calls[key] = append(calls[key], fun.Name)
					}
				}
				return true
			})
		}
	}
	reach := map[string]bool{}
	for changed := true; changed; {
		changed = false
		for key, names := range calls {
			if reach[key] {
				continue
			}
			for _, n := range names {
				hit := gates[n]
				for _, k := range byName[n] {
					hit = hit || reach[k]
				}
				if hit {
					reach[key], changed = true, true
					break
				}
			}
		}
	}
	return reach
}

// gateFixture is an account with its root user, an IAM administrator and
// an API client the root user created, and a second account with a user.
type gateFixture struct {
	c          *testkit.Core
	admin      context.Context // ops, an IAM administrator of acme
	client     context.Context // an API client of acme
	root       *identity.User  // acme's root user
	other      *identity.User  // a user of another account
	otherAcct  *identity.Account
	otherAdmin context.Context // the other account's root user
}

func mustGateFixture(t *testing.T) *gateFixture {
	t.Helper()
	c := testkit.MustServices(t, testkit.Options{})
	const pw = "Admin-Battery-42"
	if _, err := c.Services.Users.Create(c.RootCtx, identity.NewUser{Name: "ops", Email: "ops@acme.test", Admin: true, Password: pw}); err != nil {
		t.Fatal(err)
	}
	admin, _ := c.MustLogin(t, identity.LoginInput{AccountName: "acme", UserName: "ops", Password: pw})
	cl, err := c.Services.Auth.CreateClient(c.RootCtx, "ci")
	if err != nil {
		t.Fatal(err)
	}
	tok, _, err := c.Services.Auth.ClientToken(context.Background(), cl.Client.ID, cl.Secret)
	if err != nil {
		t.Fatal(err)
	}
	acct, otherRoot, err := c.Services.Accounts.Create(context.Background(), identity.NewAccount{Name: "globex",
		Email: "root@globex.test", Password: testkit.RootPassword})
	if err != nil {
		t.Fatal(err)
	}
	otherAdmin := identity.WithPrincipal(context.Background(), identity.Principal{Kind: identity.UserToken,
		UserID: otherRoot.ID, AccountID: acct.ID, Admin: true})
	other, err := c.Services.Users.Create(otherAdmin, identity.NewUser{Name: "eve", Email: "eve@globex.test", Password: "Moss-Battery-Staple-42"})
	if err != nil {
		t.Fatal(err)
	}
	return &gateFixture{c: c, admin: admin, client: c.MustAuth(t, tok), root: c.Root, other: other, otherAcct: acct, otherAdmin: otherAdmin}
}

// gateCase says how to call one method on a target and what the gate answers.
type gateCase struct {
	// user calls the method as ctx's caller on the user u.
	user func(ctx context.Context, u *identity.User) error
	// rootCode is the refusal an IAM administrator (and an API client) gets
	// on the root user.
	rootCode string
	// rootReadable, instead of rootCode, says why an administrator may
	// read the root user this way: the method reads, changes nothing, and
	// shows nothing that List does not.
	rootReadable string
	// otherCode is the refusal on another account's user; "" means
	// user.not_found (no probing of other accounts).
	otherCode string
	// account calls the method as ctx's caller on the account id names;
	// the other account must be refused with account.not_own.
	account func(ctx context.Context, id string) error
	// notTarget says why a parameter the rule matched names nothing an
	// administrator could act on.
	notTarget string
}

func gateCases(fx *gateFixture) map[string]gateCase {
	name := "x"
	return map[string]gateCase{
		"AccessKeyService.Create": {user: func(ctx context.Context, u *identity.User) error {
			_, err := fx.c.Services.AccessKeys.Create(ctx, identity.NewAccessKey{UserName: u.Name})
			return err
		}, rootCode: "user.root_protected"},
		"AccessKeyService.List": {user: func(ctx context.Context, u *identity.User) error {
			_, err := fx.c.Services.AccessKeys.List(ctx, identity.AccessKeyFilter{UserName: u.Name})
			return err
		}, rootCode: "user.root_protected"},
		"AccessKeyService.Page": {user: func(ctx context.Context, u *identity.User) error {
			_, err := fx.c.Services.AccessKeys.Page(ctx, u.Name, identity.Page{})
			return err
		}, rootCode: "user.root_protected"},
		"AccessKeyService.Update": {user: func(ctx context.Context, u *identity.User) error {
			_, err := fx.c.Services.AccessKeys.Update(ctx, u.Name, "AAAAAAAAAAAAAAAAAAAA", identity.AccessKeyUpdate{})
			return err
		}, rootCode: "user.root_protected"},
		"AccessKeyService.Delete": {user: func(ctx context.Context, u *identity.User) error {
			return fx.c.Services.AccessKeys.Delete(ctx, u.Name, "AAAAAAAAAAAAAAAAAAAA")
		}, rootCode: "user.root_protected"},
		"AvatarService.Of": {user: func(ctx context.Context, u *identity.User) error {
			_, err := fx.c.Services.Avatars.Of(ctx, u.ID)
			return err
		}, rootReadable: "a picture every administrator sees in the user list"},
		"LoginVerificationService.SetFor": {user: func(ctx context.Context, u *identity.User) error {
			_, err := fx.c.Services.LoginVerification.SetFor(ctx, u.ID, "email")
			return err
		}, rootCode: "user.root_protected"},
		"MFAService.CreateVirtualDevice": {user: func(ctx context.Context, u *identity.User) error {
			_, err := fx.c.Services.MFA.CreateVirtualDevice(ctx, u.ID, "")
			return err
		}, rootCode: "user.root_protected"},
		"MFAService.BindDevice": {user: func(ctx context.Context, u *identity.User) error {
			return fx.c.Services.MFA.BindDevice(ctx, u.ID, "", "000000", "000000")
		}, rootCode: "user.root_protected"},
		"MFAService.UnbindDevice": {user: func(ctx context.Context, u *identity.User) error {
			return fx.c.Services.MFA.UnbindDevice(ctx, u.ID, "", "")
		}, rootCode: "user.root_protected"},
		"MFAService.Device": {user: func(ctx context.Context, u *identity.User) error {
			_, err := fx.c.Services.MFA.Device(ctx, u.ID)
			return err
		}, rootReadable: "whether a device is bound, and its serial number, as ListDevices shows; never its secret"},
		"PasswordService.AdminSet": {user: func(ctx context.Context, u *identity.User) error {
			_, err := fx.c.Services.Passwords.AdminSet(ctx, u.ID, "Fresh-Battery-Horse-43", false)
			return err
		}, rootCode: "user.root_protected"},
		"PasswordService.CheckFor": {user: func(ctx context.Context, u *identity.User) error {
			_, err := fx.c.Services.Passwords.CheckFor(ctx, u.ID, "Fresh-Battery-Horse-43")
			return err
		}, rootCode: "user.root_protected"},
		"PasswordService.ChangeFor": {user: func(ctx context.Context, u *identity.User) error {
			_, err := fx.c.Services.Passwords.ChangeFor(ctx, u.ID, identity.PasswordChange{Current: testkit.RootPassword, New: "Fresh-Battery-Horse-43"})
			return err
		}, rootCode: "password.not_own"},
		"GroupService.UserGroups": {user: func(ctx context.Context, u *identity.User) error {
			_, err := fx.c.Services.Groups.UserGroups(ctx, u.ID)
			return err
		}, rootReadable: "the groups of a user, which the groups themselves list to every administrator"},
		"GroupService.Get":    {notTarget: "a group ID, looked up through actOnGroup: another account's group is group.not_found (TestGroupsOfAnotherAccount)"},
		"GroupService.Update": {notTarget: "a group ID, looked up through actOnGroup; its members through actOn (TestGroupsOfAnotherAccount)"},
		"GroupService.Delete": {notTarget: "a group ID, looked up through actOnGroup (TestGroupsOfAnotherAccount)"},
		"UserService.Get": {user: func(ctx context.Context, u *identity.User) error {
			_, err := fx.c.Services.Users.Get(ctx, u.ID)
			return err
		}, rootReadable: "the profile List already shows"},
		"UserService.Show": {user: func(ctx context.Context, u *identity.User) error {
			_, err := fx.c.Services.Users.Show(ctx, u.ID)
			return err
		}, rootReadable: "the profile List already shows"},
		"UserService.ShowDetail": {user: func(ctx context.Context, u *identity.User) error {
			_, err := fx.c.Services.Users.ShowDetail(ctx, u.ID)
			return err
		}, rootReadable: "the profile List already shows, with its descriptive attributes"},
		"UserService.LockedUntil": {user: func(ctx context.Context, u *identity.User) error {
			_, err := fx.c.Services.Users.LockedUntil(ctx, u.ID)
			return err
		}, rootReadable: "whether the user is locked out, which changes nothing"},
		"UserService.Update": {user: func(ctx context.Context, u *identity.User) error {
			_, err := fx.c.Services.Users.Update(ctx, u.ID, identity.UserUpdate{DisplayName: &name})
			return err
		}, rootCode: "user.root_protected"},
		"UserService.UpdateDetail": {user: func(ctx context.Context, u *identity.User) error {
			_, err := fx.c.Services.Users.UpdateDetail(ctx, u.ID, identity.UserChange{User: identity.UserUpdate{DisplayName: &name}})
			return err
		}, rootCode: "user.root_protected"},
		"UserService.Provision": {user: func(ctx context.Context, u *identity.User) error {
			_, _, err := fx.c.Services.Users.Provision(ctx, u.ID, 0, identity.UserChange{User: identity.UserUpdate{DisplayName: &name}})
			return err
		}, rootCode: "user.root_protected"},
		"UserService.Deprovision": {user: func(ctx context.Context, u *identity.User) error {
			return fx.c.Services.Users.Deprovision(ctx, u.ID, 0)
		}, rootCode: "user.root_protected"},
		"UserService.Delete": {user: func(ctx context.Context, u *identity.User) error {
			return fx.c.Services.Users.Delete(ctx, u.ID)
		}, rootCode: "user.root_protected"},
		"UserService.Unlock": {user: func(ctx context.Context, u *identity.User) error {
			return fx.c.Services.Users.Unlock(ctx, u.ID)
		}, rootCode: "user.root_protected"},
		"UserService.RequireSelf": {user: func(ctx context.Context, u *identity.User) error {
			return fx.c.Services.Users.RequireSelf(ctx, u.ID)
		}, rootCode: "user.not_self"},

		"AccountService.Find": {account: func(ctx context.Context, id string) error {
			_, err := fx.c.Services.Accounts.Find(ctx, id)
			return err
		}},
		"AccountService.LoginPolicyOf": {account: func(ctx context.Context, id string) error {
			_, err := fx.c.Services.Accounts.LoginPolicyOf(ctx, id)
			return err
		}},
		"AccountService.UpdateLoginPolicyOf": {account: func(ctx context.Context, id string) error {
			_, err := fx.c.Services.Accounts.UpdateLoginPolicyOf(ctx, id, identity.LoginPolicyPatch{})
			return err
		}},
		"AccountService.UpdatePasswordPolicyOf": {account: func(ctx context.Context, id string) error {
			_, err := fx.c.Services.Accounts.UpdatePasswordPolicyOf(ctx, id, identity.PasswordPolicyPatch{})
			return err
		}},

		"AuthService.Login":                {notTarget: "LoginInput names who signs in; the password proves it"},
		"AuthService.VerifyPassword":       {notTarget: "LoginInput names who signs in; the password proves it"},
		"AuthService.CheckCredentials":     {notTarget: "LoginInput names who signs in; the password proves it, and only in the caller's account"},
		"AuthService.LoginAs":              {notTarget: "UserRef names who signs in; the password proves it"},
		"AuthService.CompleteLoginAs":      {notTarget: "UserRef names who signs in; the challenge's code proves it"},
		"AuthService.RevokeSession":        {notTarget: "a session ID, looked for among the caller's own sessions only"},
		"AuthService.DeleteClient":         {notTarget: "an API client ID, of the caller's account only (client.not_found otherwise)"},
		"AuditService.Page":                {notTarget: "AuditFilter.UserID filters the administrator's own account's trail; another account's user matches nothing"},
		"NotificationService.Retry":        {notTarget: "a notification ID, of the caller's account only (notification.not_found otherwise)"},
		"RecoveryService.CaptchaImage":     {notTarget: "a CAPTCHA ID"},
		"RecoveryService.CaptchaAudio":     {notTarget: "a CAPTCHA ID"},
		"RecoveryService.RequestReset":     {notTarget: "the identifier of whoever forgot a password; the mailed link or code proves it"},
		"AuthService.BeginWithCode":        {notTarget: "UserRef names who signs in; the device's code proves it, and the password must follow"},
		"AuthService.CompleteWithPassword": {notTarget: "UserRef names who signs in; the challenge's code and the password prove it"},
		"RecoveryService.VerifyResetCode": {
			notTarget: "the identifier of whoever forgot a password; the code proves it"},
	}
}

// TestEveryTargetIsGated lists every exported service method that takes a
// user or an account to act on (targetMethods says how it finds them) and
// checks each: its body reaches actOn, actOnName or actOnAccount; and, by
// its case, an IAM administrator and an API client the root user created
// are refused on the root user (unless the method only reads, for a stated
// reason) and on another account's user or account. A method without a
// case fails: add one, and get its target from the gate.
func TestEveryTargetIsGated(t *testing.T) {
	fx := mustGateFixture(t)
	cases := gateCases(fx)
	found, pkg := targetMethods(t)
	reach := reachesGate(pkg)
	if len(found) < 20 {
		t.Fatalf("the parser found only %v", found)
	}
	seen := map[string]bool{}
	for _, m := range found {
		seen[m] = true
		tc, ok := cases[m]
		if !ok {
			t.Errorf("add a case for %s to gateCases: it takes a target, so it must get it from actOn and be checked here", m)
			continue
		}
		t.Run(m, func(t *testing.T) {
			if tc.notTarget == "" && !reach[m] {
				t.Errorf("%s takes a target but never calls actOn, actOnName or actOnAccount: get the target from the gate", m)
			}
			switch {
			case tc.notTarget != "":
				return
			case tc.account != nil:
				for who, ctx := range map[string]context.Context{"IAMAdmin": fx.admin, "APIClient": fx.client} {
					if err := tc.account(ctx, fx.otherAcct.ID); fault.CodeOf(err) != "account.not_own" {
						t.Errorf("%s on another account: %v, want account.not_own", who, err)
					}
				}
				if err := tc.account(fx.admin, fx.c.Account.ID); fault.KindOf(err) == fault.Forbidden && fault.CodeOf(err) == "account.not_own" {
					t.Errorf("IAM administrator on its own account: %v", err)
				}
			case tc.user != nil:
				otherCode := tc.otherCode
				if otherCode == "" {
					otherCode = "user.not_found"
				}
				if err := tc.user(fx.admin, fx.other); fault.CodeOf(err) != otherCode {
					t.Errorf("IAM administrator on another account's user: %v, want %s", err, otherCode)
				}
				if err := tc.user(fx.client, fx.other); fault.KindOf(err) != fault.NotFound && fault.KindOf(err) != fault.Forbidden {
					t.Errorf("API client on another account's user: %v, want refused", err)
				}
				if err := tc.user(fx.otherAdmin, fx.root); fault.KindOf(err) != fault.NotFound && fault.KindOf(err) != fault.Forbidden {
					t.Errorf("another account's root user on this root user: %v, want refused", err)
				}
				if tc.rootReadable != "" {
					if err := tc.user(fx.admin, fx.root); fault.KindOf(err) == fault.Forbidden || fault.CodeOf(err) == "user.not_found" {
						t.Errorf("IAM administrator reading the root user (%s): %v", tc.rootReadable, err)
					}
					return
				}
				if tc.rootCode == "" {
					t.Fatal("the case names neither rootCode nor rootReadable")
				}
				if err := tc.user(fx.admin, fx.root); fault.CodeOf(err) != tc.rootCode {
					t.Errorf("IAM administrator on the root user: %v, want %s", err, tc.rootCode)
				}
				if err := tc.user(fx.client, fx.root); fault.KindOf(err) != fault.Forbidden {
					t.Errorf("API client on the root user: %v, want Forbidden", err)
				}
			default:
				t.Fatal("empty case")
			}
		})
	}
	for m := range cases {
		if !seen[m] {
			t.Errorf("gateCases has %s, which the parser no longer finds: remove it or fix the rule", m)
		}
	}
}

package scim

import (
	"net/http"

	"github.com/watchword/watchword/internal/httpx"
	"github.com/watchword/watchword/internal/identity"
)

// groupJSON is the Group resource as the face answers it.
type groupJSON struct {
	Schemas     []string     `json:"schemas"`
	ID          string       `json:"id"`
	ExternalID  string       `json:"externalId,omitempty"`
	DisplayName string       `json:"displayName"`
	Members     []memberJSON `json:"members,omitempty"`
	Meta        metaJSON     `json:"meta"`
}

type memberJSON struct {
	Value   string `json:"value"`
	Ref     string `json:"$ref"`
	Display string `json:"display,omitempty"`
	Type    string `json:"type"`
}

// groupLocation is the permanent location of a group.
func groupLocation(id string) string { return "/v2.0/Groups/" + id }

// toGroupResource returns g as a Group resource.
func toGroupResource(g *identity.Group) Resource {
	out := groupJSON{Schemas: []string{groupSchema}, ID: g.ID, ExternalID: g.ExternalID, DisplayName: g.DisplayName,
		Meta: metaJSON{ResourceType: "Group", Created: scimTime(g.CreatedAt), LastModified: scimTime(g.UpdatedAt),
			Location: groupLocation(g.ID), Version: ETag(g.Version)}}
	for _, m := range g.Members {
		out.Members = append(out.Members, memberJSON{Value: m.UserID, Ref: userLocation(m.UserID), Display: m.Name, Type: "User"})
	}
	return ToResource(out)
}

// editResource returns what a group is to edit (its fields as the core
// hands them to an edit) as a Group resource to patch; members the group
// had when read keep their display, so that a filter on it matches.
func editResource(g *identity.Group, e identity.GroupEdit) Resource {
	names := map[string]string{}
	for _, m := range g.Members {
		names[m.UserID] = m.Name
	}
	cur := *g
	cur.DisplayName, cur.ExternalID, cur.Members = e.DisplayName, e.ExternalID, nil
	for _, id := range e.Members {
		cur.Members = append(cur.Members, identity.GroupMember{UserID: id, Name: names[id]})
	}
	return toGroupResource(&cur)
}

// readGroupEdit reads what a Group resource sent by a client (normalized,
// or patched) sets: its displayName, externalId and members' values.
// Errors: Invalid (scim.value: a member without a value).
func readGroupEdit(res Resource) (identity.GroupEdit, error) {
	e := identity.GroupEdit{DisplayName: StringAt(res, "displayName"), ExternalID: StringAt(res, "externalId"), Members: []string{}}
	for _, el := range elements(res["members"]) {
		m, _ := el.(map[string]any)
		v := StringAt(m, "value")
		if v == "" {
			return e, errValue("members.value", "a user's id")
		}
		e.Members = append(e.Members, v)
	}
	return e, nil
}

// writeGroup answers a group with its Location and ETag, projected as the
// request's attributes and excludedAttributes ask.
func (h *handler) writeGroup(w http.ResponseWriter, r *http.Request, status int, g *identity.Group) {
	proj := ParseProjection(groupType, r.URL.Query())
	w.Header().Set("Location", groupLocation(g.ID))
	w.Header().Set("ETag", ETag(g.Version))
	httpx.WriteJSON(w, status, mediaType, proj.Apply(groupType, toGroupResource(g)))
}

package resolvers

import (
	"context"
	"regexp"
	"strings"

	"github.com/google/uuid"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store"
)

// MaxNameLen bounds a component's names, in characters.
const MaxNameLen = 300

var codePattern = regexp.MustCompile(`^[A-Z0-9][A-Z0-9_.-]{0,63}$`)

// canWrite returns the request's principal, or refuses a mutation without a token of a
// writing role. The agency scope is checked by the store inside the write's transaction.
func canWrite(ctx context.Context) (model.Principal, error) {
	p, ok := model.PrincipalFrom(ctx)
	if !ok {
		return p, &model.ClientError{Code: model.CodeUnauthenticated, Message: "mutations need an Authorization: Bearer token"}
	}
	if !p.Role.CanWrite() {
		return p, &model.ClientError{Code: model.CodeForbidden, Message: "role " + string(p.Role) + " may not write"}
	}
	return p, nil
}

func validDueYear(y *int) error {
	if y != nil && (*y < 2000 || *y > 2100) {
		return model.BadField("dueYear", "dueYear must be a year between 2000 and 2100 (got %d)", *y)
	}
	return nil
}

func validRevision(r *int) error {
	if r != nil && *r < 0 {
		return model.BadField("revision", "revision must be 0 or more (got %d)", *r)
	}
	return nil
}

func validSecurityLevel(l *int) error {
	if l != nil && (*l < 1 || *l > 5) {
		return model.BadField("securityLevel", "securityLevel must be a security level 1..5 (got %d)", *l)
	}
	return nil
}

func (r *Resolver) newComponent(ctx context.Context, in model.CreateComponentInput) (model.Component, string, error) {
	var c model.Component
	code := strings.TrimSpace(in.Code)
	if !codePattern.MatchString(code) {
		return c, "", model.BadField("code", "code %q: use 1..64 upper-case letters, digits, '-', '_' or '.', starting with a letter or digit", clip(in.Code))
	}
	name, err := cleanText("name", in.Name, MaxNameLen)
	if err != nil {
		return c, "", err
	}
	nameEn, err := cleanText("nameEn", in.NameEn, MaxNameLen)
	if err != nil {
		return c, "", err
	}
	layer, err := ref("layer", in.Layer)
	if err != nil {
		return c, "", err
	}
	description, err := cleanDescription(in.Description)
	if err != nil {
		return c, "", err
	}
	if err := validDueYear(in.DueYear); err != nil {
		return c, "", err
	}
	if err := validSecurityLevel(in.SecurityLevel); err != nil {
		return c, "", err
	}
	ownerID := ""
	if in.Owner != nil {
		if ownerID, err = r.agencyID(ctx, "owner", *in.Owner); err != nil {
			return c, "", err
		}
	}
	status := model.StatusPlanned
	if in.Status != nil {
		status = *in.Status
	}
	c = model.Component{ID: uuid.NewString(), Code: code, Name: name, NameEn: nameEn, Description: description, Kind: in.Kind,
		Scope: in.Scope, Status: status, LayerCode: layer, DueYear: in.DueYear, Source: "api", ValidFrom: in.ValidFrom}
	if in.ExposesAPI != nil {
		c.ExposesAPI = *in.ExposesAPI
	}
	c.SecurityLevel = in.SecurityLevel
	if in.RestrictedData != nil {
		c.RestrictedData = *in.RestrictedData
	}
	return c, ownerID, nil
}

func (r *Resolver) componentPatch(ctx context.Context, in model.UpdateComponentInput) (store.ComponentPatch, error) {
	p := store.ComponentPatch{Kind: in.Kind, Scope: in.Scope, Status: in.Status, DueYear: in.DueYear, ExposesAPI: in.ExposesAPI,
		SecurityLevel: in.SecurityLevel, RestrictedData: in.RestrictedData}
	if err := validSecurityLevel(in.SecurityLevel); err != nil {
		return p, err
	}
	if in.Name != nil {
		v, err := cleanText("name", *in.Name, MaxNameLen)
		if err != nil {
			return p, err
		}
		p.Name = &v
	}
	if in.NameEn != nil {
		v, err := cleanText("nameEn", *in.NameEn, MaxNameLen)
		if err != nil {
			return p, err
		}
		p.NameEn = &v
	}
	if in.Description != nil {
		v, err := cleanDescription(in.Description)
		if err != nil {
			return p, err
		}
		empty := ""
		if v == nil {
			v = &empty // "" removes it
		}
		p.Description = v
	}
	if in.Layer != nil {
		v, err := ref("layer", *in.Layer)
		if err != nil {
			return p, err
		}
		p.LayerCode = &v
	}
	if in.Owner != nil {
		id, err := r.agencyID(ctx, "owner", *in.Owner)
		if err != nil {
			return p, err
		}
		p.OwnerID = &id
	}
	if err := validDueYear(in.DueYear); err != nil {
		return p, err
	}
	return p, nil
}

// componentEdge adds or removes a relationship from a component to a node of the type's target
// label, both given by id or code, and returns the component as it now is.
func (r *Resolver) componentEdge(ctx context.Context, relType, from, to string, add bool) (*model.Component, error) {
	actor, err := canWrite(ctx)
	if err != nil {
		return nil, err
	}
	sh := store.EditableShapes[relType]
	fp, err := r.get(ctx, sh.From, "from", from)
	if err != nil {
		return nil, err
	}
	tp, err := r.get(ctx, sh.To, "to", to)
	if err != nil {
		return nil, err
	}
	fromID, toID := idOf(fp), idOf(tp)
	if err := r.Store.SetEdge(ctx, actor, relType, fromID, toID, add); err != nil {
		return nil, err
	}
	c := as[model.Component](fp)
	return &c, nil
}

func (r *Resolver) useEdge(ctx context.Context, agency, component string, add bool) (*model.Agency, error) {
	actor, err := canWrite(ctx)
	if err != nil {
		return nil, err
	}
	ap, err := r.get(ctx, store.LabelAgency, "agency", agency)
	if err != nil {
		return nil, err
	}
	cp, err := r.get(ctx, store.LabelComponent, "component", component)
	if err != nil {
		return nil, err
	}
	a := as[model.Agency](ap)
	if err := r.Store.SetEdge(ctx, actor, store.RelUses, a.ID, idOf(cp), add); err != nil {
		return nil, err
	}
	return &a, nil
}

func idOf(n model.Node) string { return nodeKey(n, "id") }

// MaxNoteLen bounds a review note, in characters.
const MaxNoteLen = 2000

// reviewDuplicate records a decision on a duplication finding.
func (r *Resolver) reviewDuplicate(ctx context.Context, component, shared string, decision model.ReviewState, note string) (*model.DuplicateFinding, error) {
	actor, err := canWrite(ctx)
	if err != nil {
		return nil, err
	}
	if note != "" || decision == model.ReviewStateDismissed {
		if note, err = cleanText("note", note, MaxNoteLen); err != nil {
			return nil, err
		}
	}
	cp, err := r.get(ctx, store.LabelComponent, "component", component)
	if err != nil {
		return nil, err
	}
	sp, err := r.get(ctx, store.LabelComponent, "shared", shared)
	if err != nil {
		return nil, err
	}
	f, err := r.Store.ReviewDuplicate(ctx, actor, idOf(cp), idOf(sp), decision, note)
	if err != nil {
		return nil, err
	}
	return &f, nil
}

// createArgs checks a createComponent input: the component and its owner's id (an editor's
// new component belongs to the editor's agency unless it names another owner).
func (r *Resolver) createArgs(ctx context.Context, actor model.Principal, input model.CreateComponentInput) (model.Component, string, error) {
	c, ownerID, err := r.newComponent(ctx, input)
	if err != nil {
		return c, "", err
	}
	if ownerID == "" && actor.Role != model.RoleAdmin && actor.Agency != "" {
		if ownerID, err = r.agencyID(ctx, "owner", actor.Agency); err != nil {
			return c, "", err
		}
	}
	return c, ownerID, nil
}

// componentChange checks a previewComponentChange input the way the mutations it stands for
// check theirs.
func (r *Resolver) componentChange(ctx context.Context, actor model.Principal, in model.ComponentChangeInput) (store.ComponentChange, error) {
	var ch store.ComponentChange
	n := 0
	if in.Create != nil {
		n++
	}
	if in.Update != nil {
		n++
	}
	if in.Retire != nil && *in.Retire {
		n++
	}
	relate := len(in.RemoveDependsOn)+len(in.RemoveRealizes)+len(in.Provides)+len(in.RemoveProvides)+len(in.UsedBy)+len(in.RemoveUsedBy) > 0
	if n > 1 || n == 0 && (in.ID == nil || !relate && len(in.DependsOn)+len(in.Realizes) == 0) {
		return ch, model.BadField("change", "give exactly one of create, update (with id) or retire (with id), or an id with relationship changes")
	}
	if err := validRevision(in.Revision); err != nil {
		return ch, err
	}
	var err error
	if in.Create != nil {
		ch.Op = model.ComponentChangeCreate
		if ch.Create, ch.OwnerID, err = r.createArgs(ctx, actor, *in.Create); err != nil {
			return ch, err
		}
	} else {
		if in.ID == nil {
			return ch, model.BadField("id", "an update or a retire needs the component's id")
		}
		cp, err := r.get(ctx, store.LabelComponent, "id", *in.ID)
		if err != nil {
			return ch, err
		}
		ch.ID = idOf(cp)
		if in.Update == nil && (in.Retire == nil || !*in.Retire) {
			ch.Op, ch.RelationsOnly = model.ComponentChangeUpdate, true
		} else if in.Update != nil {
			ch.Op = model.ComponentChangeUpdate
			if ch.Patch, err = r.componentPatch(ctx, *in.Update); err != nil {
				return ch, err
			}
			ch.Patch.Revision = in.Revision
		} else {
			ch.Op, ch.Revision = model.ComponentChangeRetire, in.Revision
		}
	}
	if ch.Op == model.ComponentChangeRetire && (len(in.DependsOn) > 0 || len(in.Realizes) > 0 || relate) {
		return ch, model.BadField("change", "a retired component gets no new relationships")
	}
	if ch.Op == model.ComponentChangeCreate && relate {
		return ch, model.BadField("change", "a new component has no relationships to remove; give dependsOn and realizes")
	}
	for _, l := range []struct {
		label, field string
		in           []string
		out          *[]string
	}{
		{store.LabelComponent, "dependsOn", in.DependsOn, &ch.DependsOn},
		{store.LabelReferenceComponent, "realizes", in.Realizes, &ch.Realizes},
		{store.LabelComponent, "removeDependsOn", in.RemoveDependsOn, &ch.RemoveDependsOn},
		{store.LabelReferenceComponent, "removeRealizes", in.RemoveRealizes, &ch.RemoveRealizes},
		{store.LabelCapability, "provides", in.Provides, &ch.Provides},
		{store.LabelCapability, "removeProvides", in.RemoveProvides, &ch.RemoveProvides},
		{store.LabelAgency, "usedBy", in.UsedBy, &ch.UsedBy},
		{store.LabelAgency, "removeUsedBy", in.RemoveUsedBy, &ch.RemoveUsedBy},
	} {
		for _, x := range l.in {
			p, err := r.get(ctx, l.label, l.field, x)
			if err != nil {
				return ch, err
			}
			*l.out = append(*l.out, idOf(p))
		}
	}
	return ch, nil
}

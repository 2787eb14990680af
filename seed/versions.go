package seed

import (
	"slices"

	"github.com/archgraph/archgraph/model"
)

// Framework versions (FrameworkVersion): a version lists its base's reference components,
// less those it removes, with its changes, plus its own.

// VersionRefs returns the reference components framework fw lists, as it describes them: its
// own, and for a version those of its base (recursively) less Remove, with Change applied.
// The second result is false when the chain of bases loops or names an unknown framework.
func (f *File) VersionRefs(fw string) ([]ReferenceComponent, bool) {
	return f.versionRefs(fw, map[string]bool{})
}

func (f *File) versionRefs(fw string, seen map[string]bool) ([]ReferenceComponent, bool) {
	if seen[fw] {
		return nil, false
	}
	seen[fw] = true
	var out []ReferenceComponent
	if v := f.version(fw); v != nil {
		base, ok := f.versionRefs(v.BasedOn, seen)
		if !ok {
			return nil, false
		}
		changes := map[string]ReferenceChange{}
		for _, c := range v.Change {
			changes[c.Code] = c
		}
		for _, r := range base {
			if slices.Contains(v.Remove, r.Code) {
				continue
			}
			if c, ok := changes[r.Code]; ok {
				r = c.apply(r)
			}
			out = append(out, r)
		}
	}
	for _, r := range f.ReferenceComponents {
		if r.Framework == fw {
			out = append(out, r)
		}
	}
	return out, true
}

// version is the FrameworkVersion record of fw, or nil when fw is not a version of another.
func (f *File) version(fw string) *FrameworkVersion {
	for i := range f.FrameworkVersions {
		if f.FrameworkVersions[i].Framework == fw {
			return &f.FrameworkVersions[i]
		}
	}
	return nil
}

func (c ReferenceChange) apply(r ReferenceComponent) ReferenceComponent {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&r.Name, c.Name)
	set(&r.NameEn, c.NameEn)
	set(&r.Group, c.Group)
	if c.Tier != nil {
		r.Tier = *c.Tier
	}
	if c.AreaType != nil {
		r.AreaType = *c.AreaType
	}
	if c.Kind != nil {
		r.Kind = *c.Kind
	}
	if c.ExploitsShared != nil {
		r.ExploitsShared = *c.ExploitsShared
	}
	if c.CatchAll != nil {
		r.CatchAll = *c.CatchAll
	}
	if c.Provides != nil {
		r.Provides = slices.Clone(*c.Provides)
	}
	return r
}

// validateVersions checks the frameworkVersions list: known frameworks, a base the version
// supersedes, no loop, removed and changed codes that the base lists, valid changed values.
func validateVersions(c *checker, f *File, fw, gr, cp map[string]int) {
	seen := map[string]int{}
	for i, v := range f.FrameworkVersions {
		bad := c.rec("frameworkVersions", i, v.Framework)
		required(bad, "source", v.Source)
		if j, dup := seen[v.Framework]; dup {
			bad("framework", "%s already has a version record at %s", v.Framework, c.where.at("frameworkVersions", j))
			continue
		}
		seen[v.Framework] = i
		refs(bad, "framework", []string{v.Framework}, fw, "framework")
		refs(bad, "basedOn", []string{v.BasedOn}, fw, "framework")
		if v.Framework == v.BasedOn {
			bad("basedOn", "a framework cannot be a version of itself")
			continue
		}
		j, ok := fw[v.Framework]
		if _, okBase := fw[v.BasedOn]; !ok || !okBase {
			continue
		}
		if !slices.Contains(f.Frameworks[j].Supersedes, v.BasedOn) {
			bad("basedOn", "%s must list %s in its supersedes to be a version of it", v.Framework, v.BasedOn)
		}
		base, ok := f.VersionRefs(v.BasedOn)
		if !ok {
			bad("basedOn", "the chain of versions from %s loops or names an unknown framework", v.BasedOn)
			continue
		}
		inBase := map[string]bool{}
		for _, r := range base {
			inBase[r.Code] = true
		}
		for _, code := range v.Remove {
			if !inBase[code] {
				bad("remove", "%s does not list reference component %q", v.BasedOn, code)
			}
		}
		changed := map[string]bool{}
		for _, ch := range v.Change {
			switch {
			case !inBase[ch.Code]:
				bad("change", "%s does not list reference component %q", v.BasedOn, ch.Code)
			case slices.Contains(v.Remove, ch.Code):
				bad("change", "%q is both removed and changed", ch.Code)
			case changed[ch.Code]:
				bad("change", "%q is changed twice", ch.Code)
			}
			changed[ch.Code] = true
			if ch.Name != nil {
				required(bad, "change "+ch.Code+": name", *ch.Name)
			}
			if ch.NameEn != nil {
				required(bad, "change "+ch.Code+": nameEn", *ch.NameEn)
			}
			if ch.Group != nil {
				refs(bad, "change "+ch.Code+": group", []string{*ch.Group}, gr, "group")
			}
			if ch.Tier != nil {
				enum(bad, "change "+ch.Code+": tier", *ch.Tier, model.AllTier)
			}
			if ch.AreaType != nil && *ch.AreaType != "" { // "" clears it
				enum(bad, "change "+ch.Code+": areaType", *ch.AreaType, model.AllAreaType)
			}
			if ch.Kind != nil {
				enum(bad, "change "+ch.Code+": kind", *ch.Kind, model.AllRefKind)
			}
			if ch.Provides != nil {
				refs(bad, "change "+ch.Code+": provides", *ch.Provides, cp, "capability")
			}
			for _, r := range base {
				if r.Code != ch.Code {
					continue
				}
				if r = ch.apply(r); r.Tier == model.TierAreaSupplementary && r.AreaType == "" {
					bad("change "+ch.Code+": areaType", "an AREA_SUPPLEMENTARY component needs an area type")
				} else if r.Tier != model.TierAreaSupplementary && r.AreaType != "" {
					bad("change "+ch.Code+": areaType", "only AREA_SUPPLEMENTARY components have an area type (tier is %s)", r.Tier)
				}
			}
		}
	}
}

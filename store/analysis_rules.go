package store

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
)

// Rule checks.
//
// A Rule node's `check` names the automatic check that evaluates it. Each check is one
// statement (DUPLICATE_SHARED reuses Duplicates); they all start either from every candidate
// (component, or agency for the agency checks) or, when an agency is given, from the components
// it and its direct parts (a province's communes) own — or from those agencies — so that an
// agency's violations cost what the agency owns. The lines of the source each check reads are in
// seed/data/rules.yaml and in the README's table of rules.

// The automatic checks archgraph evaluates.
const (
	CheckDuplicateShared          = "DUPLICATE_SHARED"
	CheckDuplicateProvincial      = "DUPLICATE_PROVINCIAL"
	CheckAPIViaVAPEX              = "API_VIA_VAPEX"
	CheckNationalDBAtNDC          = "NATIONAL_DB_AT_NDC"
	CheckSectorDBInDatacentre     = "SECTOR_DB_IN_DATACENTRE"
	CheckRestrictedDataConsent    = "RESTRICTED_DATA_CONSENT"
	CheckDRForLevel45             = "DR_FOR_LEVEL_4_5"
	CheckProvinceTTHCViaDVCQG     = "PROVINCE_TTHC_VIA_DVCQG"
	CheckDeptSoftwareAgreement    = "DEPT_SOFTWARE_AGREEMENT"
	CheckCommuneHigherTier        = "COMMUNE_HIGHER_TIER"
	CheckCommuneOwnWorkplace      = "COMMUNE_OWN_WORKPLACE"
	CheckMasterDataViaNAD         = "MASTER_DATA_VIA_NAD"
	CheckOwnPublicServiceChannel  = "OWN_PUBLIC_SERVICE_CHANNEL"
	CheckAIViaSharedPlatform      = "AI_VIA_SHARED_PLATFORM"
	CheckDXMeasurementConnected   = "DX_MEASUREMENT_CONNECTED"
	CheckDataSyncWithNDC          = "DATA_SYNC_WITH_NDC"
	CheckCommuneLinkedToIOC       = "COMMUNE_LINKED_TO_PROVINCIAL_IOC"
	CheckCommuneEnvMonitoring     = "COMMUNE_ENV_MONITORING"
	CheckSupplementaryProvinceOK  = "SUPPLEMENTARY_PROVINCE_OPINION"
	capabilityAPIExchange         = "CAP-API-EXCHANGE"
	capabilityDatacenter          = "CAP-DATACENTER-CLOUD"
	capabilityPublicServicePortal = "CAP-PUBLIC-SERVICE-PORTAL"
	capabilityMobileChannel       = "CAP-MOBILE-CHANNEL"
	capabilityAI                  = "CAP-AI"
	capabilityDXMeasurement       = "CAP-DX-MEASUREMENT"
	capabilityDataCoordination    = "CAP-DATA-COORDINATION"
	capabilityMasterData          = "CAP-MASTER-DATA"
	capabilityDashboard           = "CAP-DASHBOARD"
	capabilityAdminProcedure      = "CAP-ADMIN-PROCEDURE"
	capabilityDigitalWorkplace    = "CAP-DIGITAL-WORKPLACE"
	// componentNAD is the National Aggregated Database (L183-184), which master data goes through.
	componentNAD = "NAD"
)

// infoSystemKinds are the kinds of component that are information systems (L192 "hệ thống
// thông tin"): not infrastructure, networks, security appliances or frameworks.
var infoSystemKinds = []string{"APPLICATION", "PLATFORM", "PORTAL", "DATABASE", "DASHBOARD", "CHANNEL"}

// cypherRules lists one rule ($rule, a code) or, with an empty $rule, all of them.
const cypherRules = `
MATCH (r:Rule)
WHERE $rule = '' OR r.code = $rule
RETURN r {.*} AS rule
ORDER BY r.code`

// ruleStart starts a check: for a component check every component (now: the current ones; as
// of a day: the current and retired ones valid that day), or those owned by the agency $agency
// (an id) or by an agency PART_OF it (as of a day: owned that day); for an agency check every
// agency, or $agency and the agencies PART_OF it. Agencies and their hierarchy carry no valid
// time: as of a day they are today's (as in conformance).
func ruleStart(f form, agencies, fromAgency bool) string {
	switch {
	case agencies && fromAgency:
		return `
MATCH (:Agency {id: $agency})<-[:PART_OF*0..1]-(x:Agency)`
	case agencies:
		return `
MATCH (x:Agency)`
	case fromAgency:
		return `
MATCH (:Agency {id: $agency})<-[:PART_OF*0..1]-(:Agency)-[` + f.rel("sow", RelOwns) + `]->(` + f.component("x") + `)` + f.where("sow") + `
WITH DISTINCT x`
	case f.asOf:
		return `
` + f.matchEveryComponent("x") + `
WITH x`
	}
	return `
` + f.matchEveryComponent("x")
}

// ruleTail returns each offending component (its properties as of the day) with its owner and
// the check's detail (a list of codes); agencyTail each offending agency; countTail only counts.
func ruleTail(f form) string {
	return `
CALL (x) {` + ownerProvince(f) + `
}
RETURN ` + f.props("x") + ` AS component, owner {.*} AS agency, detail
ORDER BY component.code`
}

const (
	agencyTail = `
RETURN null AS component, x {.*} AS agency, detail
ORDER BY x.code`
	countTail = `
RETURN count(*) AS n`
)

// andPath is " AND <every relationship of path p valid on $asOf>" as of a day, "" now.
func andPath(f form, p string) string {
	if !f.asOf {
		return ""
	}
	return " AND " + validPath(p)
}

// ownedBy is the predicate that component x is owned by an agency of one of the levels $levels.
func ownedBy(f form) string {
	return `EXISTS { MATCH (x)<-[` + f.rel("obr", RelOwns) + `]-(oba:Agency) WHERE oba.level IN $levels` + f.and("obr") + ` }`
}

// providesOrSanctioned is the predicate that x provides capability $cap, itself or through a
// reference component it realizes.
func providesOrSanctioned(f form) string {
	return `(EXISTS { MATCH (x)-[` + f.rel("psp", RelProvides) + `]->(:Capability {code: $cap})` + f.where("psp") + ` }
       OR EXISTS { MATCH (x)-[` + f.rel("psr", RelRealizes) + `]->(:ReferenceComponent)-[:PROVIDES]->(:Capability {code: $cap})` + f.where("psr") + ` })`
}

// realizesRef is the predicate that x realizes the reference component with code ref.
func realizesRef(f form, ref string) string {
	return `EXISTS { MATCH (x)-[` + f.rel("rrr", RelRealizes) + `]->(:ReferenceComponent {code: '` + ref + `'})` + f.where("rrr") + ` }`
}

// reachesNational is the predicate that x depends, within hops hops, on a national component
// that provides one of the capabilities $targets.
func reachesNational(f form, hops int) string {
	return fmt.Sprintf(`EXISTS { MATCH rnp = (x)-[:%s*1..%d]->(%s), (rnn)-[%s]->(rnc:Capability)
                  WHERE rnc.code IN $targets AND %s = 'NATIONAL'%s%s }`,
		f.types(RelDependsOn), hops, f.component("rnn"), f.rel("rnv", RelProvides), f.value("rnn", "scope"), andPath(f, "rnp"), f.and("rnv"))
}

// unreachedCount counts, now, the components x of candidates (a predicate on x) for which
// reachesNational(formNow, hops) is false, from the other end: the candidates less those
// reached by walking back, within hops, from the national components that provide one of the
// capabilities $targets (a few). The same answer as counting ruleStatement's rows, without an
// existence check per candidate (API_VIA_VAPEX on S: 75,862 candidates, each walked 2 hops
// forward, 2.5 M db hits; the walk back from V-APEX reaches 43k components, 0.5 M db hits in all).
// The candidates are still read once to be counted. Each count is its own subquery, so that
// the statement has its one row even when nothing is a candidate.
func unreachedCount(candidates string, hops int) string {
	return fmt.Sprintf(`
CALL () {%[1]s
}
CALL () {
  MATCH (x:%[2]s)
  WHERE %[3]s
  RETURN count(x) AS candidates
}
RETURN candidates - reached AS n`, reachedCount(candidates, hops), LabelComponent, candidates)
}

// reachedCount counts the components x of candidates (a predicate on x) that reachesNational
// (formNow, hops): reached walking back from the national providers of $targets (as reached;
// indented as unreachedCount's subquery).
func reachedCount(candidates string, hops int) string {
	return fmt.Sprintf(`
  MATCH (rnc:Capability)<-[:%[1]s]-(rnn:%[2]s)
  WHERE rnc.code IN $targets AND rnn.scope = 'NATIONAL'
  MATCH (rnn)<-[:%[3]s*1..%[4]d]-(x:%[2]s)
  WITH DISTINCT x
  WHERE %[5]s
  RETURN count(x) AS reached`, RelProvides, LabelComponent, RelDependsOn, hops, candidates)
}

// cypherNationalProviders reads, for the impact index, the write version and the national
// components that provide one of the capabilities $targets (reachedCount's start).
var cypherNationalProviders = fmt.Sprintf(`OPTIONAL MATCH (g:GraphVersion {id: 'graph'})
CALL () {
  MATCH (rnc:Capability)<-[:%[1]s]-(rnn:%[2]s)
  WHERE rnc.code IN $targets AND rnn.scope = 'NATIONAL'
  RETURN collect(DISTINCT id(rnn)) AS roots
}
RETURN {epoch: g.epoch, n: g.n, roots: roots} AS r`, RelProvides, LabelComponent)

// keptUnreached is unreachedCount's count (of the candidates deployedInfoSystems, hops) without
// reading every candidate: the candidates from the kind counts (component_counts.go), less those
// reached — counted by the impact index when it is current, else by reachedCount. ok is false
// when the kind counts are not current (the caller counts with unreachedCount). Now only.
func (s *Store) keptUnreached(ctx context.Context, tx neo4j.ManagedTransaction, hops int, params map[string]any) (int, bool, error) {
	kinds, _ := params["kinds"].([]string)
	candidates, ok, err := s.keptKindCount(ctx, tx, map[string]any{"scopes": deployedScopes, "statuses": deployedStatuses, "kinds": kinds})
	if err != nil || !ok {
		return 0, false, err
	}
	if idx := s.impact.idx.Load(); idx != nil && idx.scope != nil {
		m, err := singleMap(ctx, tx, cypherNationalProviders, map[string]any{"targets": params["targets"]}, "r")
		if err != nil {
			return 0, false, err
		}
		if epoch, _ := m["epoch"].(string); epoch == idx.epoch && m["n"] == any(idx.n) {
			s.impact.answers.Add(1)
			return candidates - idx.reachedBack(int64sOf(m["roots"]), hops, deployedScopes, deployedStatuses, kinds), true, nil
		}
		s.staleImpactIndex()
	}
	res, err := tx.Run(ctx, reachedCount(deployedInfoSystems(formNow), hops), params)
	if err != nil {
		return 0, false, err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return 0, false, err
	}
	return candidates - int(num(rec, "reached")), true, nil
}

// hosted is the predicate that x has a recorded hosting (HOSTED_IN).
func hosted(f form) string {
	return `EXISTS { MATCH (x)-[` + f.rel("hdr", RelHostedIn) + `]->()` + f.where("hdr") + ` }`
}

// hostedAtNDC is the predicate that x is hosted in a national component that provides $cap (the
// data centre and cloud capability: the National Data Center).
func hostedAtNDC(f form) string {
	return `EXISTS { MATCH (x)-[` + f.rel("hnr", RelHostedIn) + `]->(hnd)-[` + f.rel("hnp", RelProvides) + `]->(:Capability {code: $cap})
                   WHERE ` + f.value("hnd", "scope") + ` = 'NATIONAL'` + f.and("hnr", "hnp") + ` }`
}

// hostCodes is the list of the codes of what x is hosted in.
func hostCodes(f form) string {
	return `[(x)-[` + f.rel("hcr", RelHostedIn) + `]->(h)` + f.where("hcr") + ` | h.code]`
}

// communeOfProvince binds the commune that owns x and its province p.
func communeOfProvince(f form) string {
	return `
MATCH (x)<-[` + f.rel("cpo", RelOwns) + `]-(:Agency {level: 'COMMUNE'})-[:PART_OF]->(p:Agency {level: 'PROVINCE'})` + f.where("cpo") + withXP(f)
}

// withXP closes communeOfProvince's validity predicate as of a day, so that a body may start
// with its own WHERE.
func withXP(f form) string {
	if !f.asOf {
		return ""
	}
	return `
WITH x, p`
}

// deployedInfoSystems is the predicate of API_VIA_VAPEX's candidates: the deployed (operating
// or being built) information systems of a ministry, province or commune.
func deployedInfoSystems(f form) string {
	return f.value("x", "scope") + ` IN ` + cypherList(deployedScopes) + ` AND ` + f.value("x", "kind") + ` IN $kinds
  AND ` + f.value("x", "status") + ` IN ` + cypherList(deployedStatuses)
}

// deployedScopes and deployedStatuses are deployedInfoSystems' scopes and statuses.
var (
	deployedScopes   = []string{"MINISTRY", "PROVINCE", "COMMUNE"}
	deployedStatuses = []string{"OPERATING", "BUILDING"}
)

// cypherList is the Cypher list literal of the strings xs (plain words: no quoting needed).
func cypherList(xs []string) string {
	return "['" + strings.Join(xs, "', '") + "']"
}

// ruleCheck is one automatic check: its candidates' start (component or agency), the Cypher that
// keeps the offenders (x) and binds detail (a list of codes), its parameters and its messages in
// Vietnamese and English (%[1]s code, %[2]s name, %[3]s English name, %[4]s detail). Each body
// is written once as a function of the form (form.go): now, or as of a day.
//
// undetermined, when set, keeps instead the candidates the check cannot judge because what it
// reads is not recorded (a database with no recorded hosting is neither a violation nor
// compliant); why says what is missing, in Vietnamese and English. A check without it treats a
// missing record as what it checks for (no recorded agreement is a violation) or reads only
// what the model always holds (ownership, tiers, dependencies).
type ruleCheck struct {
	agencies     bool
	body         func(f form) string
	undetermined func(f form) string
	why          [2]string
	params       map[string]any
	msg          [2]string
	// countNow, when set, is the statement that counts the check's violations now from every
	// candidate (the Overview's figures), written from the same parts as body.
	countNow string
	// countKept, when set, counts the same as countNow from what is kept (the component counts,
	// the impact index), when it can (ok).
	countKept func(s *Store, ctx context.Context, tx neo4j.ManagedTransaction, params map[string]any) (n int, ok bool, err error)
}

// ruleChecks are the component and agency checks (DUPLICATE_SHARED is evaluated by Duplicates).
var ruleChecks = map[string]ruleCheck{
	// L192: every ministry-, province- and commune-level information system, when deployed,
	// registers and publishes its APIs through V-APEX.
	CheckAPIViaVAPEX: {
		body: func(f form) string {
			return `
WHERE ` + deployedInfoSystems(f) + `
  AND NOT ` + reachesNational(f, 2) + `
WITH x, [] AS detail`
		},
		countNow: unreachedCount(deployedInfoSystems(formNow), 2),
		countKept: func(s *Store, ctx context.Context, tx neo4j.ManagedTransaction, params map[string]any) (int, bool, error) {
			return s.keptUnreached(ctx, tx, 2, params)
		},
		undetermined: func(f form) string {
			return `
WHERE ` + f.value("x", "scope") + ` IN ['MINISTRY', 'PROVINCE', 'COMMUNE'] AND ` + f.value("x", "kind") + ` IN $kinds
  AND coalesce(` + f.value("x", "status") + `, 'UNKNOWN') = 'UNKNOWN'
  AND NOT ` + reachesNational(f, 2)
		},
		why: [2]string{
			"hệ thống thông tin không kết nối V-APEX mà không ghi nhận trạng thái (UNKNOWN): không biết đã triển khai hay chưa",
			"information systems not connected to V-APEX whose status is not recorded (UNKNOWN): whether they are deployed is not known",
		},
		params: map[string]any{"kinds": infoSystemKinds, "targets": []string{capabilityAPIExchange}},
		msg: [2]string{
			"Hệ thống thông tin %[1]s (%[2]s) cấp bộ, tỉnh hoặc xã đang triển khai nhưng không kết nối (trực tiếp hoặc qua một nền tảng trung gian) tới V-APEX để đăng ký, công bố API (L192).",
			"Information system %[1]s (%[3]s) of a ministry, province or commune is deployed but does not connect (directly or through one intermediate platform) to V-APEX to register and publish its APIs (L192).",
		},
	},
	// L253: national databases store their data at the National Data Center; restricted data
	// (L253, last sentence) is the exception. Only recorded hosting is judged.
	CheckNationalDBAtNDC: {
		body: func(f form) string {
			return `
WHERE ` + f.value("x", "scope") + ` = 'NATIONAL' AND ` + f.value("x", "kind") + ` = 'DATABASE' AND NOT coalesce(` + f.value("x", "restrictedData") + `, false)
  AND ` + hosted(f) + `
  AND NOT ` + hostedAtNDC(f) + `
WITH x, ` + hostCodes(f) + ` AS detail`
		},
		undetermined: func(f form) string {
			return `
WHERE ` + f.value("x", "scope") + ` = 'NATIONAL' AND ` + f.value("x", "kind") + ` = 'DATABASE' AND NOT coalesce(` + f.value("x", "restrictedData") + `, false)
  AND NOT ` + hosted(f)
		},
		why: [2]string{
			"cơ sở dữ liệu quốc gia không ghi nhận nơi lưu trữ (HOSTED_IN)",
			"national databases with no recorded hosting (HOSTED_IN)",
		},
		params: map[string]any{"cap": capabilityDatacenter},
		msg: [2]string{
			"Cơ sở dữ liệu quốc gia %[1]s (%[2]s) lưu trữ tại %[4]s, không phải trên hạ tầng của Trung tâm dữ liệu quốc gia (L253).",
			"National database %[1]s (%[3]s) is hosted in %[4]s, not on the National Data Center's infrastructure (L253).",
		},
	},
	// L253: sectoral and other databases of state bodies are stored at the NDC or at another
	// body's data centre.
	CheckSectorDBInDatacentre: {
		body: func(f form) string {
			return `
WHERE ` + f.value("x", "kind") + ` = 'DATABASE' AND ` + f.value("x", "scope") + ` <> 'NATIONAL'
  AND ` + hosted(f) + `
  AND NOT EXISTS { MATCH (x)-[` + f.rel("sdh", RelHostedIn) + `]->(dc)
                   WHERE (EXISTS { MATCH (dc)-[` + f.rel("sdp", RelProvides) + `]->(:Capability {code: $cap})` + f.where("sdp") + ` }
                      OR EXISTS { MATCH (dc)-[` + f.rel("sdr", RelRealizes) + `]->(:ReferenceComponent)-[:PROVIDES]->(:Capability {code: $cap})` + f.where("sdr") + ` })` + f.and("sdh") + ` }
WITH x, ` + hostCodes(f) + ` AS detail`
		},
		undetermined: func(f form) string {
			return `
WHERE ` + f.value("x", "kind") + ` = 'DATABASE' AND ` + f.value("x", "scope") + ` <> 'NATIONAL'
  AND NOT ` + hosted(f)
		},
		why: [2]string{
			"cơ sở dữ liệu không ghi nhận nơi lưu trữ (HOSTED_IN)",
			"databases with no recorded hosting (HOSTED_IN)",
		},
		params: map[string]any{"cap": capabilityDatacenter},
		msg: [2]string{
			"Cơ sở dữ liệu %[1]s (%[2]s) lưu trữ tại %[4]s, không phải Trung tâm dữ liệu quốc gia hay một trung tâm dữ liệu (L253).",
			"Database %[1]s (%[3]s) is hosted in %[4]s, which is neither the National Data Center nor a data centre (L253).",
		},
	},
	// L253, last sentence: restricted data at the NDC needs its owner's consent.
	CheckRestrictedDataConsent: {
		body: func(f form) string {
			return `
WHERE coalesce(` + f.value("x", "restrictedData") + `, false)
  AND ` + hostedAtNDC(f) + `
  AND NOT EXISTS { MATCH (x)-[` + f.rel("rca", RelApprovedBy) + `]->(o:Agency)-[` + f.rel("rco", RelOwns) + `]->(x)` + f.where("rca", "rco") + ` }
WITH x, [(o:Agency)-[` + f.rel("rcd", RelOwns) + `]->(x)` + f.where("rcd") + ` | o.code] AS detail`
		},
		undetermined: func(f form) string {
			return `
WHERE coalesce(` + f.value("x", "restrictedData") + `, false) AND NOT ` + hosted(f)
		},
		why: [2]string{
			"thành phần chứa dữ liệu hạn chế không ghi nhận nơi lưu trữ (HOSTED_IN)",
			"components holding restricted data with no recorded hosting (HOSTED_IN)",
		},
		params: map[string]any{"cap": capabilityDatacenter},
		msg: [2]string{
			"%[1]s (%[2]s) chứa dữ liệu dùng riêng hoặc quân sự, quốc phòng, an ninh, đối ngoại, cơ yếu, lưu trữ tại Trung tâm dữ liệu quốc gia mà không ghi nhận sự đồng ý của chủ sở hữu dữ liệu %[4]s (L253).",
			"%[1]s (%[3]s) holds private-use or military, defence, security, foreign-affairs or cipher data and is hosted at the National Data Center with no recorded consent of its data owner %[4]s (L253).",
		},
	},
	// L249: systems of security level 4 and 5 have backup, standby and disaster recovery.
	CheckDRForLevel45: {
		body: func(f form) string {
			return `
WHERE ` + f.value("x", "securityLevel") + ` >= 4 AND NOT EXISTS { MATCH (x)-[` + f.rel("drr", RelDisasterRecovery) + `]->()` + f.where("drr") + ` }
WITH x, [toString(` + f.value("x", "securityLevel") + `)] AS detail`
		},
		undetermined: func(f form) string {
			return `
WHERE ` + f.value("x", "securityLevel") + ` IS NULL AND coalesce(` + f.value("x", "kind") + `, '') <> 'FRAMEWORK'`
		},
		why: [2]string{
			"hệ thống không ghi nhận cấp độ an toàn thông tin (securityLevel)",
			"systems with no recorded security level (securityLevel)",
		},
		msg: [2]string{
			"Hệ thống %[1]s (%[2]s) cấp độ %[4]s không có giải pháp sao lưu, dự phòng và phục hồi thảm họa (L249).",
			"System %[1]s (%[3]s) of security level %[4]s has no backup, standby and disaster-recovery site (L249).",
		},
	},
	// L508: a provincial procedure system syncs the centralised procedures through DVCQG.
	CheckProvinceTTHCViaDVCQG: {
		body: func(f form) string {
			return `
WHERE ` + ownedBy(f) + `
  AND (` + realizesRef(f, "TINH-ADMIN-PROCEDURE") + ` OR ` + providesOrSanctioned(f) + `)
  AND NOT ` + reachesNational(f, 2) + `
  AND NOT EXISTS { MATCH (x)<-[` + f.rel("ptd", RelDependsOn) + `]-(ptn)-[` + f.rel("ptp", RelProvides) + `]->(ptc:Capability)
                   WHERE ptc.code IN $targets AND ` + f.value("ptn", "scope") + ` = 'NATIONAL'` + f.and("ptd", "ptp") + ` }
WITH x, [] AS detail`
		},
		params: map[string]any{"levels": []string{"PROVINCE"}, "cap": capabilityAdminProcedure, "targets": []string{capabilityPublicServicePortal}},
		msg: [2]string{
			"Hệ thống giải quyết thủ tục hành chính cấp tỉnh %[1]s (%[2]s) không kết nối, đồng bộ với Cổng Dịch vụ công quốc gia (L508).",
			"Provincial administrative-procedure system %[1]s (%[3]s) is not connected to or synchronised through the National Public Service Portal (L508).",
		},
	},
	// L512: a department's sectoral software needs the line ministry's written agreement.
	CheckDeptSoftwareAgreement: {
		body: func(f form) string {
			return `
WHERE ` + ownedBy(f) + `
  AND ` + realizesRef(f, "TINH-DEPT-SOFTWARE") + `
  AND NOT EXISTS { MATCH (x)-[` + f.rel("dsa", RelApprovedBy) + `]->(:Agency {level: 'MINISTRY'})` + f.where("dsa") + ` }
WITH x, [] AS detail`
		},
		params: map[string]any{"levels": []string{"PROVINCE"}},
		msg: [2]string{
			"Phần mềm chuyên ngành của Sở %[1]s (%[2]s) không ghi nhận văn bản thống nhất của Bộ, ngành quản lý chuyên ngành (L512).",
			"Departmental sectoral software %[1]s (%[3]s) has no recorded agreement of the line ministry (L512).",
		},
	},
	// L586 (and the tier headings of Appendix 4): a commune does not invest in what the central
	// or provincial level provides.
	CheckCommuneHigherTier: {
		body: func(f form) string {
			return `
WHERE ` + ownedBy(f) + `
WITH x, [(x)-[` + f.rel("cht", RelRealizes) + `]->(r:ReferenceComponent)
         WHERE ((r.framework = 'KTTS-XA' AND r.tier IN ['CENTRAL', 'PROVINCE'] AND NOT coalesce(r.exploitsShared, false))
            OR r.framework IN ['KTTS-TINH', 'KTTS-BO', 'KTTS-TOCHUC'])` + f.and("cht") + ` | r.code] AS detail
WHERE size(detail) > 0`
		},
		params: map[string]any{"levels": []string{"COMMUNE"}},
		msg: [2]string{
			"Cấp xã sở hữu %[1]s (%[2]s) thực hiện thành phần %[4]s do cấp Trung ương hoặc cấp tỉnh cung cấp; cấp xã khai thác, không đầu tư riêng lẻ (L586).",
			"A commune owns %[1]s (%[3]s), which realizes %[4]s, provided by the central or provincial level; a commune uses these and does not invest separately (L586).",
		},
	},
	// L846: no scattered work applications at commune level: the province's digital workplace.
	CheckCommuneOwnWorkplace: {
		body: func(f form) string {
			return `
WHERE ` + ownedBy(f) + `
  AND (` + realizesRef(f, "KTT5") + ` OR ` + providesOrSanctioned(f) + `)
WITH x, [] AS detail`
		},
		params: map[string]any{"levels": []string{"COMMUNE"}, "cap": capabilityDigitalWorkplace},
		msg: [2]string{
			"Cấp xã tự triển khai không gian/bàn làm việc số %[1]s (%[2]s); cán bộ cấp xã dùng Bàn làm việc số cấp tỉnh (L846).",
			"A commune runs its own digital workplace %[1]s (%[3]s); commune officials use the provincial digital workplace (L846).",
		},
	},
	// L184: master data is updated through the National Aggregated Database.
	CheckMasterDataViaNAD: {
		body: func(f form) string {
			return `
WHERE ` + f.value("x", "scope") + ` <> 'NATIONAL' AND EXISTS { MATCH (x)-[` + f.rel("mdp", RelProvides) + `]->(:Capability {code: $cap})` + f.where("mdp") + ` }
  AND NOT EXISTS { MATCH mdn = (x)-[:` + f.types(RelDependsOn) + `*1..3]->(` + f.component("nad") + ` {code: $nad})` + f.wherePath("mdn") + ` }
WITH x, [] AS detail`
		},
		params: map[string]any{"cap": capabilityMasterData, "nad": componentNAD},
		msg: [2]string{
			"%[1]s (%[2]s) cung cấp dữ liệu chủ nhưng không cập nhật qua Cơ sở dữ liệu tổng hợp quốc gia (L184).",
			"%[1]s (%[3]s) provides master data but does not update it through the National Aggregated Database (L184).",
		},
	},
	// L106, L231: no ministry, sector or locality builds its own public-service portal or app:
	// DVCQG (web) and VNeID (mobile) are the channels.
	CheckOwnPublicServiceChannel: {
		body: func(f form) string {
			return `
WHERE ` + f.value("x", "scope") + ` <> 'NATIONAL' AND ` + ownedBy(f) + `
  AND EXISTS { MATCH (x)-[` + f.rel("pcp", RelProvides) + `]->(c:Capability) WHERE c.code IN $targets` + f.and("pcp") + ` }
  AND NOT ` + reachesNational(f, 2) + `
WITH x, [(x)-[` + f.rel("pcd", RelProvides) + `]->(c:Capability) WHERE c.code IN $targets` + f.and("pcd") + ` | c.code] AS detail`
		},
		params: map[string]any{"levels": []string{"MINISTRY", "PROVINCE", "COMMUNE"}, "targets": []string{capabilityPublicServicePortal, capabilityMobileChannel}},
		msg: [2]string{
			"%[1]s (%[2]s) là cổng/ứng dụng dịch vụ công riêng (%[4]s) không tích hợp với Cổng Dịch vụ công quốc gia hoặc VNeID (L106, L231).",
			"%[1]s (%[3]s) is a public-service portal or app of its own (%[4]s) that does not integrate with the National Public Service Portal or VNeID (L106, L231).",
		},
	},
	// L200: ministries and localities use the shared AI platform rather than their own compute.
	CheckAIViaSharedPlatform: {
		body: func(f form) string {
			return `
WHERE ` + f.value("x", "scope") + ` <> 'NATIONAL' AND ` + ownedBy(f) + ` AND ` + providesOrSanctioned(f) + `
  AND NOT ` + reachesNational(f, 2) + `
WITH x, [] AS detail`
		},
		params: map[string]any{"levels": []string{"MINISTRY", "PROVINCE"}, "cap": capabilityAI, "targets": []string{capabilityAI}},
		msg: [2]string{
			"Nền tảng AI %[1]s (%[2]s) của bộ/tỉnh không sử dụng Nền tảng AI dùng chung quốc gia (L200).",
			"AI platform %[1]s (%[3]s) of a ministry or province does not use the national shared AI platform (L200).",
		},
	},
	// L315, L333: ministries and provinces connect to the DX measurement platform.
	CheckDXMeasurementConnected: {
		agencies: true,
		body: func(f form) string {
			return `
WHERE x.level IN ['MINISTRY', 'PROVINCE']
  AND NOT EXISTS { MATCH (x)-[` + f.rel("dxu", RelUses) + `]->(dxn)-[` + f.rel("dxp", RelProvides) + `]->(dxc:Capability)
                   WHERE dxc.code IN $targets AND ` + f.value("dxn", "scope") + ` = 'NATIONAL'` + f.and("dxu", "dxp") + ` }
  AND NOT EXISTS { MATCH (x)-[` + f.rel("dxo", RelOwns) + `]->(dxm), dxd = (dxm)-[:` + f.types(RelDependsOn) + `*1..2]->(dxt), (dxt)-[` + f.rel("dxq", RelProvides) + `]->(dxk:Capability)
                   WHERE dxk.code IN $targets AND ` + f.value("dxt", "scope") + ` = 'NATIONAL'` + f.and("dxo", "dxq") + andPath(f, "dxd") + ` }
WITH x, [] AS detail`
		},
		params: map[string]any{"targets": []string{capabilityDXMeasurement}},
		msg: [2]string{
			"%[1]s (%[2]s) không kết nối, đồng bộ dữ liệu với Nền tảng thống kê, đo lường, giám sát, đánh giá chuyển đổi số (L315, L333).",
			"%[1]s (%[3]s) does not connect or sync its data with the national DX statistics and measurement platform (L315, L333).",
		},
	},
	// L320, L339: ministry and provincial data (warehouses) sync with the National Data Center.
	CheckDataSyncWithNDC: {
		body: func(f form) string {
			return `
WHERE ` + ownedBy(f) + `
  AND EXISTS { MATCH (x)-[` + f.rel("dsr", RelRealizes) + `]->(r:ReferenceComponent) WHERE r.code IN ['BO-DW', 'TINH-DW']` + f.and("dsr") + ` }
  AND NOT ` + reachesNational(f, 3) + `
WITH x, [] AS detail`
		},
		params: map[string]any{"levels": []string{"MINISTRY", "PROVINCE"}, "targets": []string{capabilityDatacenter, capabilityDataCoordination}},
		msg: [2]string{
			"Kho dữ liệu %[1]s (%[2]s) không đồng bộ với Trung tâm dữ liệu quốc gia (L320, L339).",
			"Data warehouse %[1]s (%[3]s) is not synchronised with the National Data Center (L320, L339).",
		},
	},
	// L593, L660, L725: a commune's IoT, other data and other applications connect to the
	// provincial IOC/dashboard.
	CheckCommuneLinkedToIOC: {
		body: func(f form) string {
			return communeOfProvince(f) + `
WHERE EXISTS { MATCH (x)-[` + f.rel("cir", RelRealizes) + `]->(r:ReferenceComponent) WHERE r.code IN $refs` + f.and("cir") + ` }
  AND NOT EXISTS { MATCH cip = (x)-[:` + f.types(RelDependsOn) + `*1..2]->(i), (i)<-[` + f.rel("cio", RelOwns) + `]-(p)
                   WHERE (EXISTS { MATCH (i)-[` + f.rel("cii", RelRealizes) + `]->(ir:ReferenceComponent) WHERE ir.code IN ['TINH-IOC', 'TINH-DASHBOARD']` + f.and("cii") + ` }
                      OR EXISTS { MATCH (i)-[` + f.rel("cic", RelProvides) + `]->(:Capability {code: $cap})` + f.where("cic") + ` })` + andPath(f, "cip") + f.and("cio") + ` }
WITH x, [(x)-[` + f.rel("cid", RelRealizes) + `]->(r:ReferenceComponent) WHERE r.code IN $refs` + f.and("cid") + ` | r.code] AS detail`
		},
		params: map[string]any{"refs": []string{"HTS13", "DL18", "ƯDCQS14"}, "cap": capabilityDashboard},
		msg: [2]string{
			"%[1]s (%[2]s) của cấp xã (%[4]s) không kết nối với nền tảng giám sát/IOC/Dashboard của tỉnh (L593, L660, L725).",
			"Commune component %[1]s (%[3]s, %[4]s) is not connected to its province's monitoring platform, IOC or dashboard (L593, L660, L725).",
		},
	},
	// L804: a commune runs environment monitoring only where its province does not centrally.
	CheckCommuneEnvMonitoring: {
		body: func(f form) string {
			return communeOfProvince(f) + `
WHERE ` + realizesRef(f, "ƯDXHS7") + `
WITH x, [(p)-[` + f.rel("emo", RelOwns) + `]->(e)-[` + f.rel("emr", RelRealizes) + `]->(:ReferenceComponent {code: 'TINH-ENV-MONITORING'})` + f.where("emo", "emr") + ` | e.code] AS detail
WHERE size(detail) > 0`
		},
		msg: [2]string{
			"Cấp xã triển khai hệ thống quan trắc môi trường %[1]s (%[2]s) trong khi tỉnh đã triển khai tập trung (%[4]s) (L804).",
			"A commune runs environment monitoring %[1]s (%[3]s) although its province runs it centrally (%[4]s) (L804).",
		},
	},
	// The figures of Appendix 4 (L2181, …): area-supplementary items after the province's opinion.
	CheckSupplementaryProvinceOK: {
		body: func(f form) string {
			return communeOfProvince(f) + `
WITH x, p, [(x)-[` + f.rel("spr", RelRealizes) + `]->(r:ReferenceComponent {framework: 'KTTS-XA', tier: 'AREA_SUPPLEMENTARY'})` + f.where("spr") + ` | r.code] AS detail
WHERE size(detail) > 0 AND NOT EXISTS { MATCH (x)-[` + f.rel("spa", RelApprovedBy) + `]->(p)` + f.where("spa") + ` }
WITH x, detail`
		},
		msg: [2]string{
			"Thành phần bổ sung theo loại địa bàn %[1]s (%[2]s, %[4]s) của cấp xã không ghi nhận ý kiến của cấp tỉnh (L2181).",
			"Area-supplementary commune component %[1]s (%[3]s, %[4]s) has no recorded opinion of the province (L2181).",
		},
	},
}

// ruleStatement is the statement of a check in form f: from every candidate or from an
// agency's, listing or counting.
func ruleStatement(c ruleCheck, f form, fromAgency, count bool) string {
	tail := ruleTail(f)
	if c.agencies {
		tail = agencyTail
	}
	if count {
		tail = countTail
	}
	return ruleStart(f, c.agencies, fromAgency) + c.body(f) + tail
}

// undeterminedStatement counts a check's undetermined candidates in form f.
func undeterminedStatement(c ruleCheck, f form, fromAgency bool) string {
	return ruleStart(f, c.agencies, fromAgency) + c.undetermined(f) + countTail
}

// Automated says whether archgraph evaluates rule r automatically.
func Automated(r model.Rule) bool {
	_, ok := ruleChecks[r.Check]
	return ok || r.Check == CheckDuplicateShared || r.Check == CheckDuplicateProvincial
}

// notChecked explains why rule r is not checked automatically.
func notChecked(r model.Rule) string {
	switch {
	case r.Manual != "":
		return r.Manual
	case r.Check == "":
		return "it has no automatic check"
	default:
		return fmt.Sprintf("its check %s is not implemented", r.Check)
	}
}

// RuleViolations evaluates the rules that have an automatic check: one rule (its code) or, with
// rule "", every rule archgraph can check (rules it cannot check are skipped). agency (id or
// code), when not "", keeps the components that the agency or an agency PART_OF it (a
// province's communes) owns — and, for the agency checks, those agencies. Violations are ordered
// by rule code, then component (or agency) code. An unknown rule or agency is ErrNotFound; a
// rule asked for by code that has no automatic check is ErrInvalid, saying why.
//
// asOf (YYYY-MM-DD, not after today; "": now) evaluates the model as it was that day: the
// components valid then (retired ones included), their property values and every relationship
// that touches them as of the day; agencies, their hierarchy, the reference frameworks and the
// capabilities carry no valid time and are today's (as in conformance).
//
// DUPLICATE_SHARED reports each duplicating component once, naming every shared platform and
// capability it duplicates: the same definition and the same count as duplicates (findDuplicates).
func (s *Store) RuleViolations(ctx context.Context, rule, agency, asOf string) ([]model.RuleViolation, error) {
	out := []model.RuleViolation{}
	_, err := s.evalRules(ctx, rule, agency, asOf, func(tx neo4j.ManagedTransaction, r model.Rule, agencyID string) (int, error) {
		var vs []model.RuleViolation
		var err error
		if isDuplicateCheck(r) {
			vs, err = duplicateViolations(ctx, tx, r, agencyID, asOf)
		} else {
			vs, err = checkViolations(ctx, tx, r, agencyID, asOf)
		}
		out = append(out, vs...)
		return len(vs), err
	})
	return out, err
}

// ruleViolationsOnTx evaluates every automatically checked rule but the duplication checks
// (whose findings a caller reads itself) on the components $components and the agencies
// $agencies only (ids), now, in tx: the same checks as RuleViolations, started from those
// nodes instead of every component or an agency's.
func ruleViolationsOnTx(ctx context.Context, tx neo4j.ManagedTransaction, components, agencies []string) ([]model.RuleViolation, error) {
	out := []model.RuleViolation{}
	rules, err := rulesOf(ctx, tx, "")
	if err != nil {
		return nil, err
	}
	for _, r := range rules {
		if !Automated(r) || isDuplicateCheck(r) {
			continue
		}
		c := ruleChecks[r.Check]
		ids, start := components, "\nMATCH (x:Component) WHERE x.id IN $ids\nWITH DISTINCT x"
		tail := ruleTail(formNow)
		if c.agencies {
			ids, start, tail = agencies, "\nMATCH (x:Agency) WHERE x.id IN $ids\nWITH DISTINCT x", agencyTail
		}
		if len(ids) == 0 {
			continue
		}
		params := checkParams(c, "", "")
		params["ids"] = ids
		vs, err := runViolations(ctx, tx, r, c, start+c.body(formNow)+tail, params)
		if err != nil {
			return nil, err
		}
		out = append(out, vs...)
	}
	return out, nil
}

// RuleViolationCount is the number of violations RuleViolations lists, counted by the database
// (the list is not built).
func (s *Store) RuleViolationCount(ctx context.Context, rule, agency, asOf string) (int, error) {
	return s.evalRules(ctx, rule, agency, asOf, func(tx neo4j.ManagedTransaction, r model.Rule, agencyID string) (int, error) {
		if isDuplicateCheck(r) {
			vs, err := duplicateViolations(ctx, tx, r, agencyID, asOf)
			return len(vs), err
		}
		c := ruleChecks[r.Check]
		return s.countViolations(ctx, tx, c, agencyID, asOf, checkParams(c, agencyID, asOf))
	})
}

// RuleResults counts, per automatically checked rule (one, or with rule "" all of them), its
// violations and the candidates it cannot judge because what it reads is not recorded
// (undetermined: a national database with no recorded hosting, a system with no security
// level, …), so that no violations is not read as compliant when nothing was recorded. Same
// arguments and errors as RuleViolations.
func (s *Store) RuleResults(ctx context.Context, rule, agency, asOf string) ([]model.RuleResult, error) {
	out := []model.RuleResult{}
	_, err := s.evalRules(ctx, rule, agency, asOf, func(tx neo4j.ManagedTransaction, r model.Rule, agencyID string) (int, error) {
		res := model.RuleResult{Rule: r}
		var err error
		if isDuplicateCheck(r) {
			var vs []model.RuleViolation
			vs, err = duplicateViolations(ctx, tx, r, agencyID, asOf)
			res.Violations = len(vs)
		} else {
			c := ruleChecks[r.Check]
			params := checkParams(c, agencyID, asOf)
			res.Violations, err = s.countViolations(ctx, tx, c, agencyID, asOf, params)
			if err == nil && c.undetermined != nil {
				res.Undetermined, err = countOf(ctx, tx, undeterminedStatement(c, formOf(asOf), agencyID != ""), params)
				res.UndeterminedReason, res.UndeterminedReasonEn = &c.why[0], &c.why[1]
			}
		}
		out = append(out, res)
		return res.Violations, err
	})
	return out, err
}

// countViolations counts a check's violations: from what is kept (countKept) when it can, else
// with countStatement.
func (s *Store) countViolations(ctx context.Context, tx neo4j.ManagedTransaction, c ruleCheck, agencyID, asOf string, params map[string]any) (int, error) {
	if c.countKept != nil && asOf == "" && agencyID == "" {
		if n, ok, err := c.countKept(s, ctx, tx, params); ok || err != nil {
			return n, err
		}
	}
	return countOf(ctx, tx, countStatement(c, asOf, agencyID != ""), params)
}

// countStatement counts a check's violations: its countNow when it has one and the count is of
// every candidate now, else ruleStatement's count.
func countStatement(c ruleCheck, asOf string, fromAgency bool) string {
	if c.countNow != "" && asOf == "" && !fromAgency {
		return c.countNow
	}
	return ruleStatement(c, formOf(asOf), fromAgency, true)
}

func isDuplicateCheck(r model.Rule) bool {
	return r.Check == CheckDuplicateShared || r.Check == CheckDuplicateProvincial
}

// formOf is the form of a statement for asOf ("": now).
func formOf(asOf string) form {
	if asOf != "" {
		return formAsOf
	}
	return formNow
}

// countOf runs a statement that returns one row with n.
func countOf(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any) (int, error) {
	res, err := tx.Run(ctx, cypher, params)
	if err != nil {
		return 0, err
	}
	rec, err := res.Single(ctx)
	if err != nil {
		return 0, err
	}
	return int(num(rec, "n")), nil
}

// evalRules checks asOf, resolves the rule and agency and runs each for every automatically
// checked rule; the total is the sum of what each returns.
func (s *Store) evalRules(ctx context.Context, rule, agency, asOf string,
	each func(tx neo4j.ManagedTransaction, r model.Rule, agencyID string) (int, error)) (int, error) {
	if err := s.checkAsOf(asOf); err != nil {
		return 0, err
	}
	return read(ctx, s, "rule violations", func(tx neo4j.ManagedTransaction) (int, error) {
		return evalRulesTx(ctx, tx, rule, agency, each)
	})
}

// evalRulesTx is evalRules' work in tx.
func evalRulesTx(ctx context.Context, tx neo4j.ManagedTransaction, rule, agency string,
	each func(tx neo4j.ManagedTransaction, r model.Rule, agencyID string) (int, error)) (int, error) {
	{
		agencyID := ""
		if agency != "" {
			a, err := resolveAgency(ctx, tx, agency)
			if err != nil {
				return 0, err
			}
			agencyID = a.ID
		}
		rules, err := rulesOf(ctx, tx, rule)
		if err != nil {
			return 0, err
		}
		total := 0
		for _, r := range rules {
			if !Automated(r) {
				if rule == "" {
					continue // with every rule asked for, the ones without a check are skipped
				}
				return 0, invalidf("rule %s is not checked automatically: %s", r.Code, notChecked(r))
			}
			n, err := each(tx, r, agencyID)
			if err != nil {
				return 0, err
			}
			total += n
		}
		return total, nil
	}
}

// rulesOf reads one rule or all of them; an unknown code is ErrNotFound.
func rulesOf(ctx context.Context, tx neo4j.ManagedTransaction, code string) ([]model.Rule, error) {
	res, err := tx.Run(ctx, cypherRules, map[string]any{"rule": code})
	if err != nil {
		return nil, err
	}
	var out []model.Rule
	for res.Next(ctx) {
		out = append(out, ruleFromProps(recMap(res.Record(), "rule")))
	}
	if err := res.Err(); err != nil {
		return nil, err
	}
	if code != "" && len(out) == 0 {
		return nil, notFoundf("no rule has the code %q", code)
	}
	return out, nil
}

func checkParams(c ruleCheck, agencyID, asOf string) map[string]any {
	params := map[string]any{}
	if asOf != "" {
		params["asOf"] = asOf
	}
	for k, v := range c.params {
		params[k] = v
	}
	if agencyID != "" {
		params["agency"] = agencyID
	}
	return params
}

func checkViolations(ctx context.Context, tx neo4j.ManagedTransaction, r model.Rule, agencyID, asOf string) ([]model.RuleViolation, error) {
	c := ruleChecks[r.Check]
	return runViolations(ctx, tx, r, c, ruleStatement(c, formOf(asOf), agencyID != "", false), checkParams(c, agencyID, asOf))
}

// runViolations runs a check's statement and words its violations.
func runViolations(ctx context.Context, tx neo4j.ManagedTransaction, r model.Rule, c ruleCheck, cypher string, params map[string]any) ([]model.RuleViolation, error) {
	res, err := tx.Run(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	var out []model.RuleViolation
	for res.Next(ctx) {
		rec := res.Record()
		v := model.RuleViolation{RuleCode: r.Code, Check: r.Check, Agency: recAgency(rec, "agency"), Severity: r.Severity}
		var code, name, nameEn string
		if m := recMap(rec, "component"); m != nil {
			comp := componentFromProps(m)
			v.Component = &comp
			code, name, nameEn = comp.Code, comp.Name, orName(comp.NameEn, comp.Name)
		} else if v.Agency != nil {
			code, name, nameEn = v.Agency.Code, v.Agency.Name, orName(v.Agency.NameEn, v.Agency.Name)
		}
		detail := strings.Join(recStrings(rec, "detail"), ", ")
		if detail == "" {
			detail = "—"
		}
		v.Message = fmt.Sprintf(c.msg[0], code, name, nameEn, detail)
		v.MessageEn = fmt.Sprintf(c.msg[1], code, name, nameEn, detail)
		out = append(out, v)
	}
	return out, res.Err()
}

// cypherAgencyScope lists the codes of the agency and the agencies PART_OF it.
const cypherAgencyScope = `
MATCH (:Agency {id: $agency})<-[:PART_OF*0..1]-(a:Agency)
RETURN collect(a.code) AS codes`

// duplicateViolations (DUPLICATE_SHARED; DUPLICATE_PROVINCIAL keeps the findings against
// provincial platforms) turns the duplication findings (the one definition, findDuplicates: every
// deployed national platform and every provincial one for its communes) into one violation per
// duplicating component, naming every shared platform and capability it duplicates.
func duplicateViolations(ctx context.Context, tx neo4j.ManagedTransaction, r model.Rule, agencyID, asOf string) ([]model.RuleViolation, error) {
	fs, err := findDuplicates(ctx, tx, model.DuplicateQuery{AsOf: asOf})
	if err != nil {
		return nil, err
	}
	var keep map[string]bool
	if agencyID != "" {
		res, err := tx.Run(ctx, cypherAgencyScope, map[string]any{"agency": agencyID})
		if err != nil {
			return nil, err
		}
		rec, err := res.Single(ctx)
		if err != nil {
			return nil, err
		}
		keep = map[string]bool{}
		v, _ := rec.Get("codes")
		codes, _ := v.([]any)
		for _, c := range codes {
			keep[fmt.Sprint(c)] = true
		}
	}
	kept := fs[:0]
	for _, f := range fs {
		if r.Check == CheckDuplicateProvincial && f.Shared.Scope != model.ScopeProvince {
			continue // DUPLICATE_PROVINCIAL: the provincial half of the definition
		}
		if keep == nil || (f.Agency != nil && keep[f.Agency.Code]) {
			kept = append(kept, f)
		}
	}
	rep := GroupFindings(kept)
	sort.Slice(rep.Components, func(i, j int) bool { return rep.Components[i].Component.Code < rep.Components[j].Component.Code })
	out := make([]model.RuleViolation, 0, len(rep.Components))
	for _, dc := range rep.Components {
		var shared, caps []string
		for _, f := range dc.Findings {
			shared = appendUnique(shared, f.Shared.Code)
			for _, c := range f.Capabilities {
				caps = appendUnique(caps, c.Code)
			}
		}
		c := dc.Component
		sh, cp := strings.Join(shared, ", "), strings.Join(caps, ", ")
		out = append(out, model.RuleViolation{RuleCode: r.Code, Check: r.Check, Component: &c, Agency: dc.Agency, Severity: r.Severity,
			Message: fmt.Sprintf("%s (%s) trùng lặp chức năng với nền tảng dùng chung đã triển khai %s (%s) mà không phải thành phần được Khung kiến trúc cho phép và không sử dụng nền tảng dùng chung đó (L358).",
				c.Code, c.Name, sh, cp),
			MessageEn: fmt.Sprintf("%s (%s) duplicates the deployed shared platform(s) %s (%s): it is no counterpart the framework sanctions and it does not use them (L358).",
				c.Code, orName(c.NameEn, c.Name), sh, cp)})
	}
	return out, nil
}

func appendUnique(xs []string, x string) []string {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

// Rules lists every rule, in code order.
func (s *Store) Rules(ctx context.Context) ([]model.Rule, error) {
	return read(ctx, s, "rules", func(tx neo4j.ManagedTransaction) ([]model.Rule, error) {
		return rulesOf(ctx, tx, "")
	})
}

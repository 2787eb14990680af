package store

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/archgraph/archgraph/model"
	"github.com/archgraph/archgraph/store/governance"
)

// Measured KPIs.
//
// The framework wants results measured from data the systems produce (L93, L236, L370, L899),
// not only derived from the model. A Measurement is one value of one indicator for one agency
// and one period, with its unit, its source and how it was produced (AUTOMATED: from a system;
// MANUAL: a report). Measurements are written by the API (recordMeasurement) and by CSV import
// (archgraph import measurements), scoped like every write (an editor records for its agency
// and the agencies PART_OF it) and audited; a second value for the same indicator, agency and
// period replaces the first (the audit log keeps both). Roll-ups go commune → province →
// nation, each saying how many of the units below reported (coverage).

// LabelMeasurement is the label of a measured value and RelReported the relationship from the
// agency that reported it. Measurements are records beside the model (RecordLabels), not
// part of it: found by id (they have no code; a value is keyed by indicator, agency and
// period), carried by the JSON backup, left out of the ArchiMate export.
const (
	LabelMeasurement = "Measurement"
	RelReported      = "REPORTED"
)

// RecordLabels are the labels of the records kept beside the model that the JSON backup
// carries (the audit log and tokens are not: see bulk.Checksum); RecordShapes their
// relationships.
var (
	RecordLabels = []string{LabelMeasurement}
	RecordShapes = []Endpoint{{LabelAgency, RelReported, LabelMeasurement}}
)

// MeasurementKey is what identifies a measurement besides its id: one value per indicator,
// agency (id) and period; "" when one of them is missing.
func MeasurementKey(indicator, agencyID, period string) string {
	if indicator == "" || agencyID == "" || period == "" {
		return ""
	}
	return indicator + "|" + agencyID + "|" + period
}

// Indicators are the measured indicators the source names. None has a target value in the
// source: Threshold is nil and ThresholdSource says so.
var Indicators = []model.Indicator{
	{Code: "SATISFACTION", Name: "Mức độ hài lòng của người dân và doanh nghiệp", NameEn: "Satisfaction of citizens and businesses",
		Unit: "%", Source: "L93 (II.2 a, Nguyên tắc 1); L236 (II.3 d: Khung KPIs gắn với Nguyên tắc 1)"},
	{Code: "PROCESSING-TIME", Name: "Thời gian xử lý công việc của cơ quan nhà nước", NameEn: "Processing time of state bodies' work",
		Unit: "ngày", Source: "L93 (II.2 a: rút ngắn thời gian xử lý công việc của cơ quan nhà nước); L236"},
	{Code: "COMPLIANCE-COST", Name: "Chi phí tuân thủ của doanh nghiệp và xã hội", NameEn: "Compliance cost for businesses and society",
		Unit: "VND", Source: "L93 (II.2 a: giảm chi phí tuân thủ của doanh nghiệp và xã hội); L236"},
	{Code: "PUBLIC-RESOURCE-EFFICIENCY", Name: "Hiệu quả quản lý, sử dụng nguồn lực công", NameEn: "Efficiency of managing and using public resources",
		Unit: "%", Source: "L93 (II.2 a: nâng cao hiệu quả quản lý, sử dụng nguồn lực công); L236"},
	{Code: "DATA-GOVERNANCE-MATURITY", Name: "Mức độ trưởng thành về quản trị dữ liệu", NameEn: "Data-governance maturity",
		Unit: "mức", Source: "L297 (III.2.4: Bộ chỉ số và Khung hướng dẫn đánh giá mức độ trưởng thành về quản trị dữ liệu)"},
	{Code: "COMMUNE-DX-LEVEL", Name: "Mức độ chuyển đổi số cấp xã", NameEn: "Commune digital-transformation level",
		Unit: "mức", Source: "L899 (Khung tiêu chí và phương pháp đánh giá, xét công nhận mức độ chuyển đổi số cấp xã do Bộ Khoa học và Công nghệ ban hành)"},
}

// noThreshold labels an indicator whose target the source does not give.
const noThreshold = "none: the source sets no target value for this indicator"

func init() {
	for i := range Indicators {
		Indicators[i].ThresholdSource = noThreshold
	}
}

// IndicatorByCode finds an indicator.
func IndicatorByCode(code string) (model.Indicator, bool) {
	for _, in := range Indicators {
		if in.Code == code {
			return in, true
		}
	}
	return model.Indicator{}, false
}

var periodPattern = regexp.MustCompile(`^(19|20|21)\d\d(-(0[1-9]|1[0-2])|-Q[1-4])?$`)

// MeasurementInput is one value to record.
type MeasurementInput struct {
	Indicator, Agency, Period string
	Value                     float64
	Unit, Source, Method      string
}

// CheckMeasurement validates a measurement's fields (the agency is checked when written): the
// indicator is known, the period is YYYY, YYYY-MM or YYYY-Qn, the value finite and not negative,
// the unit the indicator's, the source given, the method AUTOMATED or MANUAL.
func CheckMeasurement(m MeasurementInput) error {
	in, ok := IndicatorByCode(m.Indicator)
	if !ok {
		codes := make([]string, len(Indicators))
		for i, x := range Indicators {
			codes[i] = x.Code
		}
		return invalidf("indicator %q is unknown; one of %s", m.Indicator, strings.Join(codes, ", "))
	}
	switch {
	case !periodPattern.MatchString(m.Period):
		return invalidf("period %q: write YYYY, YYYY-MM or YYYY-Qn (2026, 2026-11, 2026-Q3)", m.Period)
	case math.IsNaN(m.Value) || math.IsInf(m.Value, 0) || m.Value < 0:
		return invalidf("value %v: a finite number, not negative", m.Value)
	case m.Unit != in.Unit:
		return invalidf("unit %q: indicator %s is measured in %q", m.Unit, in.Code, in.Unit)
	case strings.TrimSpace(m.Source) == "":
		return invalidf("source: say where the value comes from (the system or the report)")
	case m.Method != "AUTOMATED" && m.Method != "MANUAL":
		return invalidf("method %q: AUTOMATED (collected from a system, L93) or MANUAL (a report)", m.Method)
	}
	return nil
}

const cypherUpsertMeasurement = `
MATCH (a:Agency {id: $agency})
OPTIONAL MATCH (old:Measurement {indicator: $indicator, agencyId: $agency, period: $period})
WITH a, old, CASE WHEN old IS NULL THEN null ELSE properties(old) END AS before
CALL (a, old) {
  WITH a, old WHERE old IS NULL
  CREATE (m:Measurement {id: $id, indicator: $indicator, agencyId: $agency, period: $period, firstRecordedAt: $at})
  CREATE (a)-[:REPORTED]->(m)
  RETURN m
  UNION
  WITH old WHERE old IS NOT NULL
  RETURN old AS m
}
SET m.agency = a.code, m.value = $value, m.unit = $unit, m.source = $source, m.method = $method,
    m.recordedAt = $at, m.recordedBy = $actor
RETURN before, m {.*} AS m`

// RecordMeasurements writes measurements in one transaction, all or none: each is checked, its
// agency (id or code) resolved and locked within the actor's scope, and each write audited.
func (s *Store) RecordMeasurements(ctx context.Context, actor model.Principal, ms []MeasurementInput) ([]model.Measurement, error) {
	for i, m := range ms {
		if err := CheckMeasurement(m); err != nil {
			if len(ms) > 1 {
				return nil, fmt.Errorf("measurement %d: %w", i+1, err)
			}
			return nil, err
		}
	}
	return writeKept(ctx, s, "record measurements", func(tx neo4j.ManagedTransaction) ([]model.Measurement, error) {
		out := make([]model.Measurement, 0, len(ms))
		for i, m := range ms {
			where := ""
			if len(ms) > 1 {
				where = fmt.Sprintf("measurement %d: ", i+1)
			}
			a, err := resolveAgency(ctx, tx, m.Agency)
			if err != nil {
				return nil, fmt.Errorf("%sagency: %w", where, err)
			}
			if _, err := governance.LockAgency(ctx, tx, actor, a.ID); err != nil {
				return nil, fmt.Errorf("%s%w", where, err)
			}
			res, err := tx.Run(ctx, cypherUpsertMeasurement, map[string]any{"agency": a.ID, "indicator": m.Indicator,
				"period": m.Period, "id": uuid.NewString(), "value": m.Value, "unit": m.Unit, "source": strings.TrimSpace(m.Source),
				"method": m.Method, "at": s.now().UTC().Format("2006-01-02T15:04:05Z"), "actor": actor.Name})
			if err != nil {
				return nil, err
			}
			rec, err := res.Single(ctx)
			if err != nil {
				return nil, err
			}
			after := recMap(rec, "m")
			before := recMap(rec, "before")
			var b any
			if before != nil {
				b = before
			}
			if err := governance.Audit(ctx, tx, actor, "recordMeasurement", pstr(after, "id"), m.Indicator+"/"+a.Code+"/"+m.Period, b, after); err != nil {
				return nil, err
			}
			out = append(out, measurementFromProps(after))
		}
		return out, nil
	})
}

func measurementFromProps(m map[string]any) model.Measurement {
	v, _ := m["value"].(float64)
	return model.Measurement{ID: pstr(m, "id"), Indicator: pstr(m, "indicator"), AgencyCode: pstr(m, "agency"),
		Period: pstr(m, "period"), Value: v, Unit: pstr(m, "unit"), Source: pstr(m, "source"), Method: pstr(m, "method"),
		RecordedAt: pstr(m, "recordedAt"), RecordedBy: pstr(m, "recordedBy"), FirstRecordedAt: optStr(m, "firstRecordedAt")}
}

const cypherMeasurements = `
MATCH (m:Measurement)
WHERE ($indicator = '' OR m.indicator = $indicator) AND ($period = '' OR m.period = $period)
  AND ($agency = '' OR m.agencyId = $agency)
  AND ($cutoff IS NULL OR coalesce(m.firstRecordedAt, m.recordedAt) < $cutoff)
RETURN m {.*} AS m
ORDER BY m.indicator, m.period, m.agency
LIMIT $limit`

// Measurements as of a day (asOf): what had been recorded by the end of that day (Vietnam's
// calendar day, as every asOf). A value is kept per indicator, agency and period and a new
// report replaces it (the audit log keeps the earlier one), so a value first recorded after the
// day is left out (it did not exist), and a value recorded by then but replaced after it cannot
// be given as it was: the answer is refused, naming it, rather than today's value given as the
// day's. (Measurements recorded before firstRecordedAt was kept count as replaced when their
// last report is after the day.)

// cypherMeasurementReplaced finds a measurement, among those a query reads ($indicator,
// $period, $agency: empty for any; $province: the province and its communes, null any), recorded by
// $cutoff and replaced since.
const cypherMeasurementReplaced = `
MATCH (m:Measurement)
WHERE ($indicator = '' OR m.indicator = $indicator) AND ($period = '' OR m.period = $period)
  AND ($agency = '' OR m.agencyId = $agency)
  AND m.recordedAt >= $cutoff AND coalesce(m.firstRecordedAt, '') < $cutoff
  AND ($province IS NULL OR EXISTS { MATCH (m)<-[:REPORTED]-(a:Agency)
        WHERE a.id = $province OR EXISTS { (a)-[:PART_OF]->(:Agency {id: $province}) } })
RETURN m {.*} AS m
ORDER BY m.recordedAt
LIMIT 1`

// measurementCutoff is the first instant after day asOf in Vietnam, written as recordedAt is
// (UTC); nil for now.
func measurementCutoff(asOf string) any {
	if asOf == "" {
		return nil
	}
	d, err := time.ParseInLocation("2006-01-02", asOf, time.FixedZone("ICT", 7*3600))
	if err != nil {
		return nil // checked before (checkAsOf)
	}
	return d.AddDate(0, 0, 1).UTC().Format("2006-01-02T15:04:05Z")
}

// refuseReplaced fails when a measurement the query reads was replaced after day asOf.
func refuseReplaced(ctx context.Context, tx neo4j.ManagedTransaction, asOf string, params map[string]any) error {
	if asOf == "" {
		return nil
	}
	p := map[string]any{"indicator": "", "period": "", "agency": "", "province": nil, "cutoff": measurementCutoff(asOf)}
	for k, v := range params {
		if _, ok := p[k]; ok {
			p[k] = v
		}
	}
	m, err := singleMap(ctx, tx, cypherMeasurementReplaced, p, "m")
	if err != nil || m == nil {
		return err
	}
	return About("asOf", invalidf("the value of %s for %s, period %s, was recorded by %s and replaced at %s (UTC); archgraph keeps one value per indicator, agency and period (the earlier one only in the audit log), so these measurements cannot be given as they were on %s; ask without asOf",
		pstr(m, "indicator"), pstr(m, "agency"), pstr(m, "period"), asOf, pstr(m, "recordedAt"), asOf))
}

// Measurements lists recorded values, filtered by indicator, agency (id or code) and period
// ("" for any), at most limit, ordered by indicator, period and agency code. asOf (YYYY-MM-DD,
// not after today; "": now) lists them as recorded by the end of that day, or refuses when one
// of them was replaced since (see cypherMeasurementReplaced).
func (s *Store) Measurements(ctx context.Context, indicator, agency, period string, limit int, asOf string) ([]model.Measurement, error) {
	if err := s.checkAsOf(asOf); err != nil {
		return nil, err
	}
	return read(ctx, s, "measurements", func(tx neo4j.ManagedTransaction) ([]model.Measurement, error) {
		agencyID := ""
		if agency != "" {
			a, err := resolveAgency(ctx, tx, agency)
			if err != nil {
				return nil, err
			}
			agencyID = a.ID
		}
		params := map[string]any{"indicator": indicator, "period": period, "agency": agencyID, "limit": limit, "cutoff": measurementCutoff(asOf)}
		if err := refuseReplaced(ctx, tx, asOf, params); err != nil {
			return nil, err
		}
		res, err := tx.Run(ctx, cypherMeasurements, params)
		if err != nil {
			return nil, err
		}
		out := []model.Measurement{}
		for res.Next(ctx) {
			out = append(out, measurementFromProps(recMap(res.Record(), "m")))
		}
		return out, res.Err()
	})
}

// cypherMeasurementRollup: for every province ($province: one, or null: all), its own value,
// and its communes' values (how many communes, how many reported, their mean).
const cypherMeasurementRollup = `
MATCH (p:Agency {level: 'PROVINCE'})
WHERE $province IS NULL OR p.id = $province
OPTIONAL MATCH (p)-[:REPORTED]->(own:Measurement {indicator: $indicator, period: $period})
WHERE $cutoff IS NULL OR coalesce(own.firstRecordedAt, own.recordedAt) < $cutoff
CALL (p) {
  OPTIONAL MATCH (p)<-[:PART_OF]-(c:Agency {level: 'COMMUNE'})
  OPTIONAL MATCH (c)-[:REPORTED]->(m:Measurement {indicator: $indicator, period: $period})
  WHERE $cutoff IS NULL OR coalesce(m.firstRecordedAt, m.recordedAt) < $cutoff
  RETURN count(DISTINCT c) AS communes, count(m) AS reported, avg(m.value) AS mean,
         min(m.value) AS lo, max(m.value) AS hi,
         collect(CASE WHEN m IS NOT NULL THEN {agency: c {.*}, value: m.value, method: m.method} END) AS values
}
RETURN p {.*} AS province, own.value AS own, own.method AS ownMethod, communes, reported, mean, lo, hi,
       CASE WHEN $province IS NULL THEN [] ELSE values END AS values
ORDER BY p.code`

// cypherMeasurementNation is cypherMeasurementRollup for every province (no values listed): the
// communes' reports are read from the indicator's measurements of the period (an index seek on
// indicator and period, then each one's reporter), once for the nation, instead of from every
// commune's relationships (S: 3,321 communes' relationship chains, ~141 k db hits per indicator,
// to find that nobody reported). The work grows with the reports, not with the communes.
const cypherMeasurementNation = `
CALL () {
  OPTIONAL MATCH (m:Measurement {indicator: $indicator, period: $period})<-[:REPORTED]-(:Agency {level: 'COMMUNE'})-[:PART_OF]->(cp:Agency {level: 'PROVINCE'})
  WHERE $cutoff IS NULL OR coalesce(m.firstRecordedAt, m.recordedAt) < $cutoff
  WITH cp, count(m) AS reported, avg(m.value) AS mean, min(m.value) AS lo, max(m.value) AS hi
  RETURN collect(CASE WHEN cp IS NOT NULL THEN {p: cp.id, reported: reported, mean: mean, lo: lo, hi: hi} END) AS reports
}
MATCH (p:Agency {level: 'PROVINCE'})
OPTIONAL MATCH (p)-[:REPORTED]->(own:Measurement {indicator: $indicator, period: $period})
WHERE $cutoff IS NULL OR coalesce(own.firstRecordedAt, own.recordedAt) < $cutoff
CALL (p) {
  OPTIONAL MATCH (p)<-[:PART_OF]-(c:Agency {level: 'COMMUNE'})
  RETURN count(DISTINCT c) AS communes
}
WITH p, own, communes, [r IN reports WHERE r.p = p.id][0] AS r
RETURN p {.*} AS province, own.value AS own, own.method AS ownMethod, communes, coalesce(r.reported, 0) AS reported,
       r.mean AS mean, r.lo AS lo, r.hi AS hi, [] AS values
ORDER BY p.code`

// MeasurementSummary rolls an indicator's values for a period up: with a province (id or code),
// Total is the province (its own value if it reported one, else its communes' mean) and
// Children its communes that reported; with "", Total is the nation (the mean of the provinces'
// values) and Children the provinces. Coverage: Reported of Of units below reported. asOf as
// for Measurements.
func (s *Store) MeasurementSummary(ctx context.Context, indicator, period, province, asOf string) (model.MeasurementSummary, error) {
	in, ok := IndicatorByCode(indicator)
	if !ok {
		return model.MeasurementSummary{}, CheckMeasurement(MeasurementInput{Indicator: indicator})
	}
	if !periodPattern.MatchString(period) {
		return model.MeasurementSummary{}, invalidf("period %q: write YYYY, YYYY-MM or YYYY-Qn", period)
	}
	if err := s.checkAsOf(asOf); err != nil {
		return model.MeasurementSummary{}, err
	}
	return read(ctx, s, "measurement summary", func(tx neo4j.ManagedTransaction) (model.MeasurementSummary, error) {
		out := model.MeasurementSummary{Indicator: in, Period: period, Children: []model.MeasurementRollup{}}
		params := map[string]any{"indicator": indicator, "period": period, "province": nil, "cutoff": measurementCutoff(asOf)}
		var prov *model.Agency
		if province != "" {
			p, err := resolveAgency(ctx, tx, province)
			if err != nil {
				return out, err
			}
			if p.Level != model.AgencyLevelProvince {
				return out, invalidf("%s is a %s, not a province", p.Code, p.Level)
			}
			prov, params["province"] = &p, p.ID
		}
		if err := refuseReplaced(ctx, tx, asOf, params); err != nil {
			return out, err
		}
		cypher := cypherMeasurementRollup
		if prov == nil {
			cypher = cypherMeasurementNation
		}
		res, err := tx.Run(ctx, cypher, params)
		if err != nil {
			return out, err
		}
		var sum float64
		var n, provinces int
		for res.Next(ctx) {
			r := res.Record()
			p := agencyFromProps(recMap(r, "province"))
			ru := model.MeasurementRollup{Agency: &p, Of: int(num(r, "communes")), Reported: int(num(r, "reported"))}
			if v, ok := r.Get("own"); ok && v != nil {
				f := v.(float64)
				ru.Value, ru.Basis = &f, "OWN"
			} else if v, ok := r.Get("mean"); ok && v != nil {
				f := v.(float64)
				ru.Value, ru.Basis = &f, "COMMUNES"
			}
			if v, ok := r.Get("lo"); ok && v != nil {
				f := v.(float64)
				ru.Min = &f
			}
			if v, ok := r.Get("hi"); ok && v != nil {
				f := v.(float64)
				ru.Max = &f
			}
			provinces++
			if prov != nil {
				out.Total = ru
				for _, cv := range recMaps(r, "values") {
					a := agencyFromProps(pmap(cv["agency"]))
					f, _ := cv["value"].(float64)
					out.Children = append(out.Children, model.MeasurementRollup{Agency: &a, Value: &f, Basis: "OWN", Of: 1, Reported: 1})
				}
				continue
			}
			out.Children = append(out.Children, ru)
			if ru.Value != nil {
				sum += *ru.Value
				n++
			}
		}
		if err := res.Err(); err != nil {
			return out, err
		}
		if prov == nil {
			out.Total = model.MeasurementRollup{Of: provinces, Reported: n}
			if n > 0 {
				v := sum / float64(n)
				out.Total.Value, out.Total.Basis = &v, "PROVINCES"
			}
		}
		return out, nil
	})
}

func (s *Store) now() time.Time { return s.Now() }

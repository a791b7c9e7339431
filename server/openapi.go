package server

import (
	"net/http"
	"strings"

	"hadath/coder"
	"hadath/plover"
)

// The OpenAPI 3.1 document is built from the route table, so that every
// endpoint served is described; operations and schemas are written here.

// obj is a JSON object of the document.
type obj = map[string]any

// operation describes one endpoint for the OpenAPI document.
type operation struct {
	id          string
	summary     string
	description string
	params      []obj
	body        obj // request body, nil for none
	responses   obj // status -> response
	write       bool
}

// param describes a query parameter.
func param(name, desc string, schema obj) obj {
	return obj{"name": name, "in": "query", "description": desc, "required": false, "schema": schema}
}

// listParam is a query parameter that may be repeated or hold
// comma-separated values.
func listParam(name, desc string, item obj) obj {
	p := param(name, desc+" Repeat the parameter or separate values with commas; values are alternatives (OR).",
		obj{"type": "array", "items": item})
	p["style"], p["explode"] = "form", true
	return p
}

func pathParam(name, desc string) obj {
	return obj{"name": name, "in": "path", "required": true, "description": desc, "schema": str()}
}

func str() obj                     { return obj{"type": "string"} }
func integer() obj                 { return obj{"type": "integer"} }
func number() obj                  { return obj{"type": "number"} }
func arr(items obj) obj            { return obj{"type": "array", "items": items} }
func ref(name string) obj          { return obj{"$ref": "#/components/schemas/" + name} }
func nullable(t string) obj        { return obj{"type": []string{t, "null"}} }
func withDesc(o obj, d string) obj { o["description"] = d; return o }
func date() obj                    { return obj{"type": "string", "format": "date"} }

func object(required []string, props obj) obj {
	o := obj{"type": "object", "properties": props}
	if len(required) > 0 {
		o["required"] = required
	}
	return o
}

func jsonContent(schema obj) obj {
	return obj{"application/json": obj{"schema": schema}}
}

func ok(desc string, schema obj) obj {
	return obj{"description": desc, "content": jsonContent(schema)}
}

func errResp(desc string) obj { return ok(desc, ref("Error")) }

var (
	typeNames = func() []string {
		out := make([]string, len(plover.Types))
		for i, t := range plover.Types {
			out[i] = string(t)
		}
		return out
	}()
	sectorNames = sortedKeys(plover.Sectors)
	modeNames   = sortedKeys(knownModes)
)

// filterDocs are the filter parameters.
var filterDocs = []obj{
	listParam("type", "PLOVER event type (the record's first type).", obj{"type": "string", "enum": typeNames}),
	listParam("mode", "PLOVER mode, e.g. visit, arrest, aerial.", obj{"type": "string", "enum": modeNames}),
	listParam("quad", "Quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.",
		obj{"type": "integer", "minimum": 1, "maximum": 4}),
	listParam("actor", "Actor code (country or non-state code such as CHN, USA, UNO); any case.",
		obj{"type": "string", "pattern": "^[A-Za-z]{3}$"}),
	listParam("recipient", "Recipient code.", obj{"type": "string", "pattern": "^[A-Za-z]{3}$"}),
	listParam("sector", "Sector of an actor or a recipient (GOV, MIL, COP, CVL...).", obj{"type": "string", "enum": sectorNames}),
	listParam("source", "Document source, as ingested.", str()),
	param("doc", "Id of one document.", str()),
	param("from", "First day, YYYY-MM-DD (events without a date are then left out).", date()),
	param("to", "Last day, YYYY-MM-DD, included.", date()),
	param("q", "Full-text query over the normalised Arabic of the documents: words (all must occur, in any clitic "+
		"form: بكين finds لبكين; diacritics and letter variants are ignored), \"quoted phrases\", prefixes ending in *. "+
		"Repeated q parameters add words.", str()),
}

var pageDocs = []obj{
	param("limit", "Page size, 1 to 1000.", obj{"type": "integer", "minimum": 1, "maximum": 1000, "default": 50}),
	param("cursor", "The \"next\" value of the previous page (same filter and sort).", str()),
	param("sort", "Order by date.", obj{"type": "string", "enum": []string{"newest", "oldest"}, "default": "newest"}),
}

var intervalDoc = param("interval", "Period of the timeline; weeks start on Monday.",
	obj{"type": "string", "enum": []string{"day", "week", "month"}, "default": "week"})

func limitDoc(def int) obj {
	return param("limit", "Number of items, 1 to 1000.", obj{"type": "integer", "minimum": 1, "maximum": 1000, "default": def})
}

func join(lists ...[]obj) []obj {
	var out []obj
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

var bad = errResp("Bad parameter: unknown parameter, type, mode, quad, code, sector, date, limit, cursor or sort.")

var (
	opStats = operation{id: "getStats", summary: "What the store holds",
		responses: obj{"200": ok("Counts.", ref("Stats")), "400": bad}}
	opEvents = operation{id: "listEvents", summary: "Events matching a filter, one page at a time, or all of them as CSV or JSON Lines",
		description: "With format=csv or format=jsonl the response streams every matching event (from cursor, when given; limit does not apply).",
		params: join(filterDocs, pageDocs, []obj{param("format", "json: one page; csv, jsonl: every matching event.",
			obj{"type": "string", "enum": []string{"json", "csv", "jsonl"}, "default": "json"})}),
		responses: obj{"200": obj{"description": "A page of events, or the export.", "content": obj{
			"application/json":     obj{"schema": ref("EventPage")},
			"text/csv":             obj{"schema": str()},
			"application/x-ndjson": obj{"schema": ref("Event")},
		}}, "400": bad}}
	opEvent = operation{id: "getEvent", summary: "One event",
		params:    []obj{pathParam("id", "Event id, e.g. china-azerbaijan-001.")},
		responses: obj{"200": ok("The event.", ref("Event")), "404": errResp("No such event.")}}
	opDocuments = operation{id: "listDocuments", summary: "Documents (without their text), newest first",
		params: join([]obj{listParam("source", "Document source.", str()),
			param("from", "First day, YYYY-MM-DD.", date()), param("to", "Last day, YYYY-MM-DD.", date()),
			filterDocs[len(filterDocs)-1]}, pageDocs),
		responses: obj{"200": ok("A page of documents.", ref("DocumentPage")), "400": bad}}
	opDocument = operation{id: "getDocument", summary: "One document with its text, events, entities and quotes",
		description: "Spans (evidence, entity spans) are byte offsets into the UTF-8 text.",
		params:      []obj{pathParam("id", "Document id (or an alias id under which the same text was posted).")},
		responses:   obj{"200": ok("The document.", ref("DocumentView")), "404": errResp("No such document.")}}
	opPostDocuments = operation{id: "postDocuments", summary: "Code and store documents", write: true,
		description: "One JSON document (application/json) or one per line (application/x-ndjson). Each is coded " +
			"and stored; posting the same id and text again changes nothing, a changed text replaces the document and " +
			"its events, and a new id with a text already stored is recorded as a duplicate. New events go to /api/stream.",
		body: obj{"required": true, "content": obj{
			"application/json":     obj{"schema": ref("NewDocument")},
			"application/x-ndjson": obj{"schema": ref("NewDocument")},
		}},
		responses: obj{
			"200": ok("What was done with each document, and the lines that could not be used.", ref("IngestResponse")),
			"400": ok("No valid document in the body.", ref("Error")),
			"401": errResp("Missing or wrong bearer token."),
			"403": errResp("Writes are disabled on this server, or a cross-origin request."),
			"413": errResp("Body over the server's limit (32 MiB by default)."),
			"415": errResp("Content-Type is not application/json or application/x-ndjson."),
		}}
	opActors = operation{id: "listActors", summary: "Actor codes taking part in the matching events, most events first",
		params:    join(filterDocs, []obj{limitDoc(50)}),
		responses: obj{"200": ok("Actors.", object([]string{"actors"}, obj{"actors": arr(ref("ActorCount"))})), "400": bad}}
	opActor = operation{id: "getActor", summary: "One actor: partners, event types and timeline",
		description: "actor and recipient parameters are ignored: the code in the path takes their place.",
		params: join([]obj{{"name": "code", "in": "path", "required": true, "description": "Actor code, e.g. CHN.",
			"schema": obj{"type": "string", "pattern": "^[A-Za-z]{3}$"}}}, filterDocs, []obj{intervalDoc, limitDoc(50)}),
		responses: obj{"200": ok("The actor.", ref("ActorDetail")), "400": bad,
			"404": errResp("No event with this code matches the filter.")}}
	opNetwork = operation{id: "getNetwork", summary: "Actor -> recipient network of the matching events",
		description: "Each event counts once per distinct (actor code, recipient code) pair; an edge from a code to itself " +
			"counts events inside one country (police arresting citizens).",
		params:    join(filterDocs, []obj{limitDoc(50)}),
		responses: obj{"200": ok("The heaviest edges and their nodes.", ref("Network")), "400": bad}}
	opTimeline = operation{id: "getTimeline", summary: "Matching events per period and quad class or type",
		params: join(filterDocs, []obj{intervalDoc, param("by", "Series: quad classes (keys 1-4) or event types.",
			obj{"type": "string", "enum": []string{"quad", "type"}, "default": "quad"})}),
		responses: obj{"200": ok("Points in period order.", ref("Timeline")), "400": bad}}
	opStream = operation{id: "streamEvents", summary: "Server-sent events: each newly stored event matching the filter",
		description: "text/event-stream: \"event: event\" messages whose data is an Event, and a \": ping\" comment every 15 s.",
		params:      filterDocs,
		responses: obj{"200": obj{"description": "The stream.", "content": obj{"text/event-stream": obj{"schema": str()}}},
			"400": bad}}
	opOpenAPI = operation{id: "getOpenAPI", summary: "This document",
		responses: obj{"200": ok("OpenAPI 3.1.", obj{"type": "object"})}}
)

// openAPI builds the document for the routes.
func (s *Server) openAPI() obj {
	paths := obj{}
	for _, rt := range s.routes {
		p := strings.ReplaceAll(rt.pattern, "...}", "}")
		item, _ := paths[p].(obj)
		if item == nil {
			item = obj{}
			paths[p] = item
		}
		op := obj{"operationId": rt.op.id, "summary": rt.op.summary, "responses": rt.op.responses}
		if rt.op.description != "" {
			op["description"] = rt.op.description
		}
		if len(rt.op.params) > 0 {
			op["parameters"] = rt.op.params
		}
		if rt.op.body != nil {
			op["requestBody"] = rt.op.body
		}
		if rt.op.write {
			op["security"] = []obj{{"bearer": []string{}}}
		}
		item[strings.ToLower(rt.method)] = op
	}
	return obj{
		"openapi": "3.1.0",
		"info": obj{
			"title":   "hadath",
			"version": coder.Version,
			"description": "Political events coded from Arabic news in the PLOVER ontology, with the evidence of each. " +
				"Errors are {\"error\": message}.",
		},
		"paths": paths,
		"components": obj{
			"securitySchemes": obj{"bearer": obj{"type": "http", "scheme": "bearer"}},
			"schemas":         schemas,
		},
	}
}

var span = obj{"type": "array", "items": integer(), "minItems": 2, "maxItems": 2,
	"description": "[start, end) byte offsets into the document text"}

var schemas = obj{
	"Error": object([]string{"error"}, obj{"error": str(), "problems": arr(ref("Problem"))}),
	"Problem": object([]string{"line", "error"}, obj{"line": withDesc(integer(), "1-based line of the body"),
		"error": str()}),
	"Stats": object(nil, obj{"documents": integer(), "aliases": integer(), "events": integer(), "entities": integer(),
		"versions": arr(object(nil, obj{"coder_version": str(), "dictionary_version": str(), "documents": integer()}))}),
	"Entity": object(nil, obj{"code": nullable("string"), "sector": nullable("string"), "entity_text": str(),
		"identifier_text": str(), "kind": str(), "span": span, "source": str(), "entries": arr(str())}),
	"Evidence": object(nil, obj{"sentence": integer(), "trigger": span, "actor": arr(span), "recipient": arr(span),
		"entry": str(), "rules": arr(str())}),
	"Event": object([]string{"id", "doc_id", "event"}, obj{
		"id": str(), "doc_id": str(), "date": withDesc(str(), "YYYY-MM-DD or empty"),
		"event": arr(obj{"type": "string", "enum": typeNames}), "mode": str(), "context": arr(str()),
		"actor": arr(ref("Entity")), "recipient": arr(ref("Entity")), "event_text": str(),
		"event_loc": obj{"oneOf": []obj{{"type": "null"}, object(nil, obj{"name": str(), "code": str(),
			"identifier": str(), "span": span})}},
		"quad_code": integer(), "event_scale": withDesc(number(), "-10 conflict to +10 cooperation"),
		"sentence": integer(), "text": withDesc(str(), "the first supporting sentence"),
		"evidence": arr(ref("Evidence")),
		"coder":    object(nil, obj{"name": str(), "version": str()}), "dictionary_version": str(),
		"source": str(), "title": str()}),
	"EventPage": object([]string{"events", "next"}, obj{"events": arr(ref("Event")),
		"next": withDesc(str(), "cursor of the next page; empty on the last")}),
	"Document": object([]string{"id"}, obj{"id": str(), "date": withDesc(str(), "RFC 3339; 0001-01-01T00:00:00Z when unknown"),
		"title": str(), "text": str(), "source": str(), "url": str(), "hash": str(), "coder_version": str(),
		"dictionary_version": str(), "event_count": integer(), "ingested_at": str(), "updated_at": str()}),
	"DocumentPage": object([]string{"documents", "next"}, obj{"documents": arr(ref("Document")), "next": str()}),
	"DocumentView": obj{"allOf": []obj{ref("Document"), object(nil, obj{"aliases": arr(str()),
		"events": arr(ref("Event")), "entities": arr(ref("Entity")),
		"quotes": arr(object(nil, obj{"speaker": obj{"oneOf": []obj{{"type": "null"}, ref("Entity")}},
			"text": str(), "span": span}))})}},
	"NewDocument": object([]string{"id", "text"}, obj{"id": obj{"type": []string{"string", "integer"}},
		"text": str(), "date": withDesc(str(), "YYYY-MM-DD or YYYYMMDD"), "title": str(), "url": str(), "source": str()}),
	"IngestResponse": object([]string{"results", "problems"}, obj{
		"results": arr(object(nil, obj{"id": str(), "store_id": withDesc(str(), "differs from id for a duplicate"),
			"outcome": obj{"type": "string", "enum": []string{"inserted", "unchanged", "replaced", "duplicate"}},
			"events":  integer()})),
		"problems": arr(ref("Problem"))}),
	"ActorCount": object(nil, obj{"code": str(), "name": str(), "as_actor": integer(), "as_recipient": integer(),
		"events": withDesc(integer(), "events with the code as actor or recipient, each once")}),
	"ActorDetail": object(nil, obj{"code": str(), "name": str(), "as_actor": integer(), "as_recipient": integer(),
		"events": integer(),
		"partners": arr(object(nil, obj{"code": str(), "name": str(), "outgoing": integer(), "incoming": integer(),
			"mean_scale": number()})),
		"types":    arr(object(nil, obj{"key": str(), "count": integer()})),
		"timeline": arr(ref("TimePoint"))}),
	"Network": object([]string{"nodes", "edges"}, obj{
		"nodes": arr(object(nil, obj{"code": str(), "name": str(), "weight": integer()})),
		"edges": arr(object(nil, obj{"actor": str(), "recipient": str(), "weight": integer(), "mean_scale": number()}))}),
	"TimePoint": object(nil, obj{"period": withDesc(str(), "first day of the period, YYYY-MM-DD"),
		"key": withDesc(str(), "quad class 1-4 or event type"), "count": integer()}),
	"Timeline": object(nil, obj{"interval": str(), "by": str(), "points": arr(ref("TimePoint"))}),
}

// getOpenAPI answers GET /api/openapi.json.
func (s *Server) getOpenAPI(w http.ResponseWriter, r *http.Request) {
	if err := checkParams(r.URL.Query()); err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.openAPI())
}

package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"outpost/domain/fault"
	"outpost/sync/protocol"
	"outpost/sync/server/store"
)

// Handler routes the protocol's endpoints. Handlers only decode, authenticate and delegate.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	p := "/" + protocol.Version
	mux.HandleFunc("GET "+p+"/health", func(w http.ResponseWriter, r *http.Request) { reply(w, map[string]string{"status": "ok"}) })
	mux.HandleFunc("POST "+p+"/login", s.handleLogin)
	mux.HandleFunc("POST "+p+"/push", s.authed(s.handlePush))
	mux.HandleFunc("GET "+p+"/pull", s.authed(s.handlePull))
	mux.HandleFunc("GET "+p+"/directory", s.authed(s.handleDirectory))
	mux.HandleFunc("POST "+p+"/leases", s.authed(s.handleLease))
	mux.HandleFunc("PUT "+p+"/blobs/{sha}", s.authed(s.handlePutBlob))
	mux.HandleFunc("GET "+p+"/blobs/{sha}", s.authed(s.handleGetBlob))
	return mux
}

type sessionKey struct{}

func (s *Server) authed(next func(http.ResponseWriter, *http.Request, *Session)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok {
			fail(w, ErrUnauthorized)
			return
		}
		sess, err := s.Authenticate(r.Context(), token)
		if err != nil {
			fail(w, err)
			return
		}
		next(w, r.WithContext(context.WithValue(r.Context(), sessionKey{}, sess)), sess)
	}
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	var req protocol.LoginRequest
	if err := protocol.Decode(r.Body, &req); err != nil {
		fail(w, err)
		return
	}
	if err := req.Validate(); err != nil {
		fail(w, err)
		return
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	resp, err := s.Login(r.Context(), &req, host)
	if err != nil {
		fail(w, err)
		return
	}
	reply(w, resp)
}

func (s *Server) handlePush(w http.ResponseWriter, r *http.Request, sess *Session) {
	var req protocol.PushRequest
	if err := protocol.Decode(r.Body, &req); err != nil {
		fail(w, err)
		return
	}
	if err := req.ValidateBatch(); err != nil { // an invalid op is refused alone (Push)
		fail(w, err)
		return
	}
	resp, err := s.Push(r.Context(), sess.Device.ID, sess.Actor, &req)
	if err != nil {
		fail(w, err)
		return
	}
	reply(w, resp)
}

func (s *Server) handlePull(w http.ResponseWriter, r *http.Request, sess *Session) {
	after, err1 := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	limit, err2 := strconv.Atoi(r.URL.Query().Get("limit"))
	if err1 != nil || err2 != nil || after < 0 || limit < 1 || limit > protocol.MaxPullLimit {
		fail(w, &protocol.DecodeError{Code: protocol.CodeInvalid, Msg: "pull takes after >= 0 and 1 <= limit <= " + strconv.Itoa(protocol.MaxPullLimit)})
		return
	}
	resp, err := s.Pull(r.Context(), sess, after, limit)
	if err != nil {
		fail(w, err)
		return
	}
	reply(w, resp)
}

func (s *Server) handleDirectory(w http.ResponseWriter, r *http.Request, sess *Session) {
	resp, err := s.Directory(r.Context(), sess)
	if err != nil {
		fail(w, err)
		return
	}
	reply(w, resp)
}

func (s *Server) handleLease(w http.ResponseWriter, r *http.Request, sess *Session) {
	var req protocol.LeaseRequest
	if err := protocol.Decode(r.Body, &req); err != nil {
		fail(w, err)
		return
	}
	resp, err := s.Lease(r.Context(), sess, &req)
	if err != nil {
		fail(w, err)
		return
	}
	reply(w, resp)
}

var shaPattern = regexp.MustCompile(`^[0-9a-f]{64}$`)

func (s *Server) handlePutBlob(w http.ResponseWriter, r *http.Request, sess *Session) {
	sha := r.PathValue("sha")
	if !shaPattern.MatchString(sha) {
		fail(w, &protocol.DecodeError{Code: protocol.CodeInvalid, Msg: "a blob is named by its lowercase hex SHA-256"})
		return
	}
	if r.ContentLength > protocol.MaxBlob {
		fail(w, fault.ErrTooLarge)
		return
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, protocol.MaxBlob+1))
	if err != nil {
		fail(w, &protocol.DecodeError{Code: protocol.CodeMalformed, Msg: err.Error()})
		return
	}
	if err := s.PutBlob(r.Context(), sess, sha, data); err != nil {
		fail(w, err)
		return
	}
	reply(w, map[string]any{"sha256": sha, "size": len(data)})
}

func (s *Server) handleGetBlob(w http.ResponseWriter, r *http.Request, sess *Session) {
	sha := r.PathValue("sha")
	if !shaPattern.MatchString(sha) {
		fail(w, &protocol.DecodeError{Code: protocol.CodeInvalid, Msg: "a blob is named by its lowercase hex SHA-256"})
		return
	}
	data, err := s.Blob(r.Context(), sess, sha)
	if err != nil {
		fail(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	_, _ = w.Write(data)
}

// reply writes v as the protocol measures it: a pulled value takes the bytes the page was cut
// by (protocol.Encode).
func reply(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = protocol.Encode(w, v)
}

// Error codes beyond the domain's and the decoder's.
const (
	CodeUnauthorized = "unauthorized"
	CodeRateLimited  = "rate_limited"
	CodeGap          = "op_gap"
	// CodeLeaseLimit is a lease refused because the device holds enough unused numbers; the
	// desk goes on with provisional numbers.
	CodeLeaseLimit = "lease_limit"
	// CodeBlobQuota is an upload refused while the user's unattached uploads fill the quota.
	CodeBlobQuota = "blob_quota"
)

// fail writes err as {code, message, fields} with a matching status. Internal errors are
// logged and answered without detail.
func fail(w http.ResponseWriter, err error) {
	body := protocol.Error{Code: fault.Code(err), Message: err.Error(), Fields: fault.Fields(err)}
	status := http.StatusInternalServerError
	var gap *GapError
	switch {
	case protocol.CodeOf(err) != "":
		body.Code, status = protocol.CodeOf(err), http.StatusBadRequest
		if body.Code == protocol.CodeTooLarge {
			status = http.StatusRequestEntityTooLarge
		}
	case errors.Is(err, ErrUnauthorized):
		body.Code, status = CodeUnauthorized, http.StatusUnauthorized
	case errors.Is(err, ErrRateLimited):
		body.Code, status = CodeRateLimited, http.StatusTooManyRequests
	case errors.Is(err, store.ErrLeaseLimit):
		body.Code, status = CodeLeaseLimit, http.StatusTooManyRequests
	case errors.Is(err, store.ErrBlobQuota):
		body.Code, status = CodeBlobQuota, http.StatusRequestEntityTooLarge
	case errors.As(err, &gap):
		body.Code, status = CodeGap, http.StatusConflict
		body.Fields = map[string]string{"lastOpId": strconv.FormatInt(gap.LastOpID, 10)}
	default:
		switch body.Code {
		case fault.CodeValidation:
			status = http.StatusBadRequest
		case fault.CodeForbidden:
			status = http.StatusForbidden
		case fault.CodeNotFound:
			status = http.StatusNotFound
		case fault.CodeConflict, fault.CodeInvalidTransition:
			status = http.StatusConflict
		case fault.CodeTooLarge:
			status = http.StatusRequestEntityTooLarge
		default:
			slog.Error("sync server", "err", err)
			body.Message = "internal error"
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

package fixtures

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
)

type Rates map[string]float64

func fetchRates(base string) (Rates, error) {
	resp, err := http.Get(base + "/rates") // want `.http.Get. uses .http.DefaultClient., which has no timeout`
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var r Rates
	return r, json.NewDecoder(resp.Body).Decode(&r)
}

func notify(hook string, msg string) error {
	resp, err := http.PostForm(hook, url.Values{"text": {msg}}) // want `.http.PostForm. uses .http.DefaultClient.`
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

type Uploader struct {
	client *http.Client
}

func NewUploader() *Uploader {
	return &Uploader{client: &http.Client{}} // want `.http.Client\{\}. has no timeout`
}

func (u *Uploader) Put(target, body string) error {
	req, err := http.NewRequest(http.MethodPut, target, strings.NewReader(body))
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req) // want `.http.DefaultClient. has no timeout`
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return err
}

package chserver

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/template"
)

// configTemplate is the server's config.xml. Every path lives under Dir so a
// data directory is self-contained; the server listens on 127.0.0.1 only and
// runs in UTC so DateTime columns mean the same on every machine. The root
// element is <yandex>, which 18.16 requires and current releases still accept.
const configTemplate = `<?xml version="1.0"?>
<!-- Written by skillpulse chserver on every start: edits are overwritten. -->
<yandex>
  <logger>
    <level>warning</level>
    <log>{{.Logs}}/clickhouse-server.log</log>
    <errorlog>{{.Logs}}/clickhouse-server.err.log</errorlog>
    <size>100M</size>
    <count>3</count>
  </logger>
  <listen_host>127.0.0.1</listen_host>
  <tcp_port>{{.TCPPort}}</tcp_port>
  <http_port>{{.HTTPPort}}</http_port>
  <path>{{.Data}}/</path>
  <tmp_path>{{.Tmp}}/</tmp_path>
  <user_files_path>{{.UserFiles}}/</user_files_path>
  <format_schema_path>{{.FormatSchemas}}/</format_schema_path>
  <users_config>{{.UsersXML}}</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>268435456</mark_cache_size>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <max_concurrent_queries>100</max_concurrent_queries>
  <max_connections>1024</max_connections>
  <keep_alive_timeout>3</keep_alive_timeout>
</yandex>
`

// usersXML gives the local pipeline a password-less "default" user that only
// 127.0.0.1 and ::1 may use: the server is a private child process, never a
// shared service.
const usersXML = `<?xml version="1.0"?>
<!-- Written by skillpulse chserver on every start: edits are overwritten. -->
<yandex>
  <profiles>
    <default>
      <max_memory_usage>4000000000</max_memory_usage>
      <use_uncompressed_cache>0</use_uncompressed_cache>
    </default>
  </profiles>
  <users>
    <default>
      <password></password>
      <networks>
        <ip>127.0.0.1</ip>
        <ip>::1</ip>
      </networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas>
    <default>
      <interval>
        <duration>3600</duration>
        <queries>0</queries>
        <errors>0</errors>
        <result_rows>0</result_rows>
        <read_rows>0</read_rows>
        <execution_time>0</execution_time>
      </interval>
    </default>
  </quotas>
</yandex>
`

// layout is where everything of one server lives under its Dir.
type layout struct {
	Dir, Data, Tmp, UserFiles, FormatSchemas, Logs string
	ConfigXML, UsersXML, StateFile                 string
	TCPPort, HTTPPort                              int
}

func newLayout(dir string) layout {
	return layout{
		Dir:           dir,
		Data:          filepath.Join(dir, "data"),
		Tmp:           filepath.Join(dir, "tmp"),
		UserFiles:     filepath.Join(dir, "user_files"),
		FormatSchemas: filepath.Join(dir, "format_schemas"),
		Logs:          filepath.Join(dir, "logs"),
		ConfigXML:     filepath.Join(dir, "config.xml"),
		UsersXML:      filepath.Join(dir, "users.xml"),
		StateFile:     filepath.Join(dir, StateFileName),
	}
}

// xmlEscaped returns a copy whose paths are safe inside XML text.
func (l layout) xmlEscaped() layout {
	esc := func(s string) string {
		var b strings.Builder
		_ = xml.EscapeText(&b, []byte(s)) // a strings.Builder never fails
		return b.String()
	}
	e := l
	for _, p := range []*string{&e.Dir, &e.Data, &e.Tmp, &e.UserFiles, &e.FormatSchemas, &e.Logs, &e.ConfigXML, &e.UsersXML, &e.StateFile} {
		*p = esc(*p)
	}
	return e
}

// write creates the directories and (re)writes config.xml and users.xml.
func (l layout) write() error {
	for _, d := range []string{l.Dir, l.Data, l.Tmp, l.UserFiles, l.FormatSchemas, l.Logs} {
		if err := os.MkdirAll(d, 0o750); err != nil {
			return fmt.Errorf("create %s: %w", d, err)
		}
	}
	tmpl, err := template.New("config.xml").Parse(configTemplate)
	if err != nil {
		return fmt.Errorf("parse config.xml template: %w", err)
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, l.xmlEscaped()); err != nil {
		return fmt.Errorf("render config.xml: %w", err)
	}
	if err := os.WriteFile(l.ConfigXML, buf.Bytes(), 0o640); err != nil {
		return fmt.Errorf("write %s: %w", l.ConfigXML, err)
	}
	if err := os.WriteFile(l.UsersXML, []byte(usersXML), 0o640); err != nil {
		return fmt.Errorf("write %s: %w", l.UsersXML, err)
	}
	return nil
}

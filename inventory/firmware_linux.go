package inventory

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"strings"

	"outpost/domain/asset"
)

// dmi is where Linux shows the firmware's tables; product_serial is readable by root only, and
// an unreadable file is left empty.
const dmi = "/sys/class/dmi/id/"

func readDMI(name string) string {
	b, err := os.ReadFile(dmi + name)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// firmware reads the serial, model, maker and chassis from DMI.
func firmware() (serial, model, maker, chassis string) {
	return readDMI("product_serial"), readDMI("product_name"), readDMI("sys_vendor"), chassisOf(readDMI("chassis_type"))
}

// chassisOf maps an SMBIOS chassis type (DSP0134, 7.4.1) to a hardware type.
func chassisOf(code string) string {
	switch code {
	case "8", "9", "10", "14", "31", "32":
		return "laptop"
	case "17", "23", "25", "28", "29":
		return "server"
	case "3", "4", "5", "6", "7", "13", "15", "16", "24", "34", "35", "36":
		return "desktop"
	}
	return ""
}

// osRelease is the distribution's name from os-release ("Debian GNU/Linux").
func osRelease() string {
	f, err := os.Open("/etc/os-release")
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "NAME="); ok {
			return strings.Trim(v, `"'`)
		}
	}
	return ""
}

// software lists the packages dpkg has installed (none where there is no dpkg).
func software(ctx context.Context) []asset.Package {
	path, err := exec.LookPath("dpkg-query")
	if err != nil {
		return nil
	}
	out, err := exec.CommandContext(ctx, path, "-W", "-f=${db:Status-Abbrev}\t${Package}\t${Version}\n").Output()
	if err != nil {
		return nil
	}
	return parseDpkg(string(out))
}

// parseDpkg reads dpkg-query's lines, keeping the installed packages ("ii").
func parseDpkg(out string) []asset.Package {
	pkgs := []asset.Package{}
	for _, line := range strings.Split(out, "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 3 || !strings.HasPrefix(f[0], "ii") || f[1] == "" {
			continue
		}
		pkgs = append(pkgs, asset.Package{Name: f[1], Version: f[2]})
	}
	return pkgs
}

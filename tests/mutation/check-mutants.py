#!/usr/bin/env python3
"""Hand-made mutants, checked one by one: each is applied to its source file, the test project is built, the tests
of the filter are run, and the file is restored, whatever happens. Prints KILLED or SURVIVED for each.

Usage (from the repository root; nothing else may build meanwhile):
    python3 tests/mutation/check-mutants.py tests/mutation/transport.json "FullyQualifiedName~LambdaStreaming.Tests.Transport"
The JSON file is a list of [file, exact original text (must occur once), replacement].
"""
import subprocess, sys, json
import os
root=os.getcwd()+'/'
muts=json.load(open(sys.argv[1]))
filt=sys.argv[2]
for f, old, new in muts:
    p=root+f; s=open(p).read()
    if s.count(old)!=1: print("SKIP (not unique)", f, old); continue
    open(p,'w').write(s.replace(old,new))
    try:
        b=subprocess.run(["dotnet","build","tests/LambdaStreaming.Tests","-c","Release"],cwd=root,capture_output=True,text=True)
        if " error " in b.stdout:
            print("BUILD ERROR", f, old); continue
        t=subprocess.run(["dotnet","test","tests/LambdaStreaming.Tests","-c","Release","--no-build","--filter",filt],cwd=root,capture_output=True,text=True)
        res=[l for l in t.stdout.splitlines() if "Passed!" in l or "Failed!" in l]
        print(("KILLED " if "Failed!" in t.stdout else "SURVIVED ")+f+" | "+old+" => "+new+" | "+(res[0].strip() if res else t.stdout[-300:]))
    finally:
        open(p,'w').write(s)
# Leave the build as the sources are, so that a later --no-build run does not test the last mutant.
subprocess.run(["dotnet","build","tests/LambdaStreaming.Tests","-c","Release"],cwd=root,capture_output=True,text=True)

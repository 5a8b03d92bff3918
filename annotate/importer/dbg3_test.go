package importer
import ("testing";"os";"fmt";"strings";"path/filepath")
func TestDbgEnds(t *testing.T){
 fs,_:=filepath.Glob("/work/shared/fixtures/pages/comments/txt/*.txt")
 for _,f:=range fs {
 b,_:=os.ReadFile(f)
 text:=strings.ReplaceAll(string(b),"\r\n","\n")
 doc:=parsePage(text,&Options{})
 _=doc
 q := &page{opts:&Options{}}
 q.texts=strings.Split(text,"\n")
 q.chrome=make([]*chromeRule,len(q.texts))
 for i,l:=range q.texts { l=strings.TrimSpace(strings.ReplaceAll(l,"\u00a0"," ")); q.texts[i]=l; if r:=matchChrome(l,false); r!=nil {q.chrome[i]=r} }
 start,_,_:=q.forumStart(); end:=len(q.texts); if start>=0 {end=start}
 cs,ce:=q.articleCore(end)
 fmt.Printf("== %s core %d-%d end %d\n", filepath.Base(f), cs, ce, end)
 n:=0
 for j:=ce-1;j<end && n<6;j++ { if q.texts[j]!="" { fmt.Printf("   %d %.90q\n", j, q.texts[j]); n++ } }
 }
}
